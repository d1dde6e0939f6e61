package dev.glasshouse.clustermanager;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ClusterManagerActorTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            ConfigFactory.parseString("akka.actor.provider = local").withFallback(ConfigFactory.load()));
    private static final Duration NOTHING_MORE = Duration.ofMillis(300);
    private static final Duration ADOPT_WAIT = Duration.ofMillis(600);

    private final TestProbe<String> backendCalls = testKit.createTestProbe();
    private final RecordingBackend backend = new RecordingBackend(backendCalls.getRef());
    private final AtomicReference<List<ExecutorInfo>> registered = new AtomicReference<>(List.of());

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @Test
    void launchesTheTargetNumberOfExecutorsAndIsFoundThroughTheReceptionist() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(2, Duration.ofSeconds(60));

        backendCalls.expectMessage("launch exec-1");
        backendCalls.expectMessage("launch exec-2");
        backendCalls.expectNoMessage(NOTHING_MORE);
        TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.find(ClusterManagerProtocol.SERVICE_KEY, listing.getRef()));
        assertThat(listing.expectMessageClass(Receptionist.Listing.class)
                .getServiceInstances(ClusterManagerProtocol.SERVICE_KEY)).contains(clusterManager);
    }

    @Test
    void grantsExecutorsToADriverAsTheyRegisterAndTakesThemBackWhenTheDriverGoesAway() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(2, Duration.ofSeconds(60));
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();

        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 2, 1, 512, driver.getRef()));
        assertThat(grantedIds(driver, "app-1")).containsExactly("exec-1");

        TestProbe<ExecutorProtocol.Command> exec2 = register(clusterManager, "exec-2");
        assertThat(grantedIds(driver, "app-1")).containsExactly("exec-2");
        assertThat(registered.get()).extracting(ExecutorInfo::executorId).containsExactly("exec-1", "exec-2");

        driver.stop();
        exec1.expectMessage(new ExecutorProtocol.ApplicationEnded("app-1"));
        exec2.expectMessage(new ExecutorProtocol.ApplicationEnded("app-1"));

        TestProbe<DriverProtocol.Command> nextDriver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-2", 2, 1, 512, nextDriver.getRef()));
        assertThat(grantedIds(nextDriver, "app-2")).containsExactly("exec-1", "exec-2");
    }

    @Test
    void releasedExecutorsGoToTheApplicationWaitingNext() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> first = testKit.createTestProbe();
        TestProbe<DriverProtocol.Command> second = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 1, 1, 512, first.getRef()));
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-2", 1, 1, 512, second.getRef()));
        assertThat(grantedIds(first, "app-1")).containsExactly("exec-1");
        second.expectNoMessage(NOTHING_MORE);

        clusterManager.tell(new ClusterManagerProtocol.ReleaseExecutors("app-1"));

        exec1.expectMessage(new ExecutorProtocol.ApplicationEnded("app-1"));
        assertThat(grantedIds(second, "app-2")).containsExactly("exec-1");
        first.expectNoMessage(NOTHING_MORE);
    }

    @Test
    void aRepeatedRegistrationIsAnsweredButGrantsNothingTwice() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 1, 1, 512, driver.getRef()));
        assertThat(grantedIds(driver, "app-1")).containsExactly("exec-1");

        clusterManager.tell(new ClusterManagerProtocol.RegisterExecutor(info("exec-1"), exec1.getRef()));

        exec1.expectMessage(new ExecutorProtocol.Registered("exec-1", 1));
        driver.expectNoMessage(NOTHING_MORE);
        assertThat(registered.get()).hasSize(1);
    }

    @Test
    void anExecutorWhoseProcessExitsIsReportedToItsDriverOnceAndReplaced() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 1, 1, 512, driver.getRef()));
        assertThat(grantedIds(driver, "app-1")).containsExactly("exec-1");

        backend.exit("exec-1", 137);

        driver.expectMessage(new DriverProtocol.ExecutorLost("app-1", "exec-1", 1, "process exited with code 137"));
        backendCalls.expectMessage("stop exec-1");
        backendCalls.expectMessage("launch exec-2");
        // The same loss seen by the watch, and the backend saying it again, change nothing.
        exec1.stop();
        backend.exit("exec-1", 137);
        driver.expectNoMessage(NOTHING_MORE);
        backendCalls.expectNoMessage(NOTHING_MORE);
        assertThat(registered.get()).isEmpty();

        register(clusterManager, "exec-2");
        assertThat(grantedIds(driver, "app-1")).as("the application still wants one").containsExactly("exec-2");
    }

    @Test
    void anExecutorWhoseActorSystemGoesAwayIsLostAndItsProcessStopped() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 1, 1, 512, driver.getRef()));
        grantedIds(driver, "app-1");

        exec1.stop();

        var lost = driver.expectMessageClass(DriverProtocol.ExecutorLost.class);
        assertThat(lost.executorId()).isEqualTo("exec-1");
        assertThat(lost.incarnation()).isEqualTo(1);
        backendCalls.expectMessage("stop exec-1");
        backendCalls.expectMessage("launch exec-2");
    }

    @Test
    void anExecutorItsDriverDeclaresUnresponsiveIsStoppedAndReplaced() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 1, 1, 512, driver.getRef()));
        grantedIds(driver, "app-1");

        // Another application, or an older incarnation, cannot have it stopped.
        clusterManager.tell(new ClusterManagerProtocol.ExecutorUnresponsive("app-2", "exec-1", 1, "no heartbeat"));
        clusterManager.tell(new ClusterManagerProtocol.ExecutorUnresponsive("app-1", "exec-1", 0, "no heartbeat"));
        backendCalls.expectNoMessage(NOTHING_MORE);

        clusterManager.tell(new ClusterManagerProtocol.ExecutorUnresponsive("app-1", "exec-1", 1,
                "no heartbeat for 8.0 s (process paused or hung?)"));

        backendCalls.expectMessage("stop exec-1");
        backendCalls.expectMessage("launch exec-2");
        var lost = driver.expectMessageClass(DriverProtocol.ExecutorLost.class);
        assertThat(lost.reason()).isEqualTo("the driver of application app-1 declared it unresponsive: "
                + "no heartbeat for 8.0 s (process paused or hung?)");
        assertThat(registered.get()).isEmpty();
        // Said again (a second check before the driver forgot it): nothing more to stop.
        clusterManager.tell(new ClusterManagerProtocol.ExecutorUnresponsive("app-1", "exec-1", 1, "no heartbeat"));
        backendCalls.expectNoMessage(NOTHING_MORE);

        register(clusterManager, "exec-2");
        assertThat(grantedIds(driver, "app-1")).as("the replacement goes to the application").containsExactly("exec-2");
    }

    @Test
    void aLateRegistrationFromALostExecutorIsRefused() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(1, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        backend.exit("exec-1", 1);
        backendCalls.expectMessage("stop exec-1");
        backendCalls.expectMessage("launch exec-2");

        clusterManager.tell(new ClusterManagerProtocol.RegisterExecutor(info("exec-1"), exec1.getRef()));

        exec1.expectNoMessage(NOTHING_MORE);
        assertThat(registered.get()).isEmpty();
    }

    @Test
    void anExecutorThatDoesNotRegisterInTimeIsStoppedAndReplaced() {
        start(1, Duration.ofMillis(200));
        backendCalls.expectMessage("launch exec-1");
        backendCalls.expectMessage("stop exec-1");
        backendCalls.expectMessage("launch exec-2");
    }

    @Test
    void stopsReplacingExecutorsThatKeepExitingBeforeRegistering() {
        start(2, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        backendCalls.expectMessage("launch exec-2");
        for (int n = 1; n <= 4; n++) {
            backend.exit("exec-" + n, 1);
            backendCalls.expectMessage("stop exec-" + n);
            backendCalls.expectMessage("launch exec-" + (n + 2));
        }

        backend.exit("exec-5", 1);

        backendCalls.expectMessage("stop exec-5");
        backendCalls.expectNoMessage(NOTHING_MORE);
    }

    @Test
    void aRegistrationResetsTheCountOfFailedStarts() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(2, Duration.ofSeconds(60));
        backendCalls.expectMessage("launch exec-1");
        backendCalls.expectMessage("launch exec-2");
        for (int n = 1; n <= 4; n++) {
            backend.exit("exec-" + n, 1);
            backendCalls.expectMessage("stop exec-" + n);
            backendCalls.expectMessage("launch exec-" + (n + 2));
        }
        register(clusterManager, "exec-5");

        backend.exit("exec-6", 1);

        backendCalls.expectMessage("stop exec-6");
        backendCalls.expectMessage("launch exec-7");
    }

    @Test
    void aRestartedClusterManagerLaunchesNothingUntilTheAdoptWaitAfterJoiningIsOver() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = restarted(2, 0);
        backendCalls.expectNoMessage(NOTHING_MORE);

        clusterManager.tell(ClusterManagerActor.JoinedCluster.INSTANCE);

        backendCalls.expectNoMessage(ADOPT_WAIT.minusMillis(100));
        backendCalls.expectMessage("launch exec-1");
        backendCalls.expectMessage("launch exec-2");
    }

    @Test
    void executorsItDidNotLaunchAreAdoptedAndNewOnesAreNumberedAfterThem() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = restarted(3, 2);
        clusterManager.tell(ClusterManagerActor.JoinedCluster.INSTANCE);

        register(clusterManager, "exec-1");
        backendCalls.expectMessage("adopt exec-1 pid 100");
        register(clusterManager, "exec-5");
        backendCalls.expectMessage("adopt exec-5 pid 100");

        backendCalls.expectMessage("launch exec-6");
        backendCalls.expectNoMessage(NOTHING_MORE);
        assertThat(registered.get()).extracting(ExecutorInfo::executorId).containsExactly("exec-1", "exec-5");
    }

    @Test
    void idsLaunchedBeforeTheRestartAreNotUsedAgain() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = restarted(2, 4);
        clusterManager.tell(ClusterManagerActor.JoinedCluster.INSTANCE);

        register(clusterManager, "exec-1");
        backendCalls.expectMessage("adopt exec-1 pid 100");

        backendCalls.expectMessage("launch exec-5");
    }

    @Test
    void executorsADriverSaysItHoldsStayItsOwnAndAreNotGrantedToOthers() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = restarted(3, 3);
        clusterManager.tell(ClusterManagerActor.JoinedCluster.INSTANCE);
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<DriverProtocol.Command> holder = testKit.createTestProbe();
        TestProbe<DriverProtocol.Command> other = testKit.createTestProbe();

        // The other driver asks first, and exec-1 is free when it does.
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-other", 1, 1, 512, other.getRef()));
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-holder", 2, 1, 512, holder.getRef(),
                List.of("exec-1", "exec-2")));
        TestProbe<ExecutorProtocol.Command> exec2 = register(clusterManager, "exec-2");
        register(clusterManager, "exec-3");

        assertThat(grantedIds(other, "app-other")).as("the executor no driver holds").containsExactly("exec-3");
        holder.expectNoMessage(NOTHING_MORE);
        clusterManager.tell(new ClusterManagerProtocol.ReleaseExecutors("app-holder"));
        exec1.expectMessage(new ExecutorProtocol.ApplicationEnded("app-holder"));
        exec2.expectMessage(new ExecutorProtocol.ApplicationEnded("app-holder"));
    }

    @Test
    void aHeldExecutorThatDoesNotRegisterIsGivenUpAndItsApplicationGetsAReplacement() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = restarted(2, 2);
        clusterManager.tell(ClusterManagerActor.JoinedCluster.INSTANCE);
        register(clusterManager, "exec-1");
        backendCalls.expectMessage("adopt exec-1 pid 100");
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-1", 2, 1, 512, driver.getRef(),
                List.of("exec-1", "exec-2")));
        backendCalls.expectNoMessage(ADOPT_WAIT.minusMillis(100));

        backendCalls.expectMessage("launch exec-3");
        register(clusterManager, "exec-3");
        assertThat(grantedIds(driver, "app-1")).containsExactly("exec-3");
    }

    @Test
    void aDriverThatDiesReleasesItsExecutorsToTheNextApplication() {
        ActorRef<ClusterManagerProtocol.Command> clusterManager = start(2, Duration.ofSeconds(60));
        TestProbe<ExecutorProtocol.Command> exec1 = register(clusterManager, "exec-1");
        TestProbe<ExecutorProtocol.Command> exec2 = register(clusterManager, "exec-2");
        TestProbe<DriverProtocol.Command> dying = testKit.createTestProbe();
        TestProbe<DriverProtocol.Command> waiting = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-dying", 2, 1, 512, dying.getRef()));
        assertThat(grantedIds(dying, "app-dying")).containsExactly("exec-1", "exec-2");
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors("app-waiting", 2, 1, 512,
                waiting.getRef()));
        waiting.expectNoMessage(NOTHING_MORE);

        dying.stop();

        exec1.expectMessage(new ExecutorProtocol.ApplicationEnded("app-dying"));
        exec2.expectMessage(new ExecutorProtocol.ApplicationEnded("app-dying"));
        assertThat(grantedIds(waiting, "app-waiting")).containsExactly("exec-1", "exec-2");
    }

    @Test
    void executorsLaunchedBeforeTheActorStartedAreWaitedForAndNotLaunchedAgain() {
        ClusterManagerActor.Settings settings = new ClusterManagerActor.Settings(2, 1, 512, Duration.ofSeconds(60),
                ClusterManagerActor.Settings.DEFAULT_MAX_CONSECUTIVE_START_FAILURES, ADOPT_WAIT, false, 0,
                List.of("exec-1", "exec-2"));
        ActorRef<ClusterManagerProtocol.Command> clusterManager =
                testKit.spawn(ClusterManagerActor.create(backend, settings, registered::set));

        register(clusterManager, "exec-1");
        register(clusterManager, "exec-2");
        backendCalls.expectNoMessage(NOTHING_MORE);

        backend.exit("exec-2", 137);
        backendCalls.expectMessage("stop exec-2");
        backendCalls.expectMessage("launch exec-3");
    }

    /** A cluster-manager started after another died, which had launched up to exec-{lastExecutorNumber}. */
    private ActorRef<ClusterManagerProtocol.Command> restarted(int executors, int lastExecutorNumber) {
        ClusterManagerActor.Settings settings = new ClusterManagerActor.Settings(executors, 1, 512,
                Duration.ofSeconds(60), ClusterManagerActor.Settings.DEFAULT_MAX_CONSECUTIVE_START_FAILURES,
                ADOPT_WAIT, true, lastExecutorNumber, List.of());
        return testKit.spawn(ClusterManagerActor.create(backend, settings, registered::set));
    }

    private ActorRef<ClusterManagerProtocol.Command> start(int executors, Duration startTimeout) {
        ClusterManagerActor.Settings settings = new ClusterManagerActor.Settings(executors, 1, 512, startTimeout,
                ClusterManagerActor.Settings.DEFAULT_MAX_CONSECUTIVE_START_FAILURES);
        return testKit.spawn(ClusterManagerActor.create(backend, settings, registered::set));
    }

    private TestProbe<ExecutorProtocol.Command> register(ActorRef<ClusterManagerProtocol.Command> clusterManager,
                                                         String executorId) {
        TestProbe<ExecutorProtocol.Command> executor = testKit.createTestProbe();
        clusterManager.tell(new ClusterManagerProtocol.RegisterExecutor(info(executorId), executor.getRef()));
        executor.expectMessage(new ExecutorProtocol.Registered(executorId, 1));
        return executor;
    }

    private static ExecutorInfo info(String executorId) {
        return new ExecutorInfo(executorId, 1, "127.0.0.1", 4000, 1, 512, 100);
    }

    private static List<String> grantedIds(TestProbe<DriverProtocol.Command> driver, String applicationId) {
        var granted = driver.expectMessageClass(DriverProtocol.ExecutorsGranted.class);
        assertThat(granted.applicationId()).isEqualTo(applicationId);
        return granted.executors().stream().map(executor -> executor.info().executorId()).toList();
    }
}
