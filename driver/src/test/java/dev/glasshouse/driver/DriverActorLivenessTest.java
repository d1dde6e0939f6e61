package dev.glasshouse.driver;

import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import akka.actor.Cancellable;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.driver.scheduler.SchedulerSettings;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver actor with probes for the cluster-manager and the executors: executors that stop heart-beating or
 * become unreachable are lost (and the cluster-manager told), and an application that loses every executor
 * waits a while for replacements, then fails its jobs. Each test runs a one-stage job of two tasks.
 */
class DriverActorLivenessTest {
    private static final String APP = "app-live";
    private static final TaskMetrics METRICS = new TaskMetrics(5, 10, 1, 0, 0, 0, 0, 0, 0);
    private static final Duration LONG = Duration.ofSeconds(60);

    private ActorTestKit testKit;
    private TestProbe<ClusterManagerProtocol.Command> clusterManager;
    private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
    private Cancellable heartbeats;

    @BeforeEach
    void startOneNodeCluster() {
        // The driver subscribes to cluster membership, so this is a real (one-node) cluster.
        testKit = ActorTestKit.create(ConfigFactory.parseString("akka.remote.artery.canonical.port = 0")
                .withFallback(ConfigFactory.load()));
        Cluster cluster = Cluster.get(testKit.system());
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        TestProbe<Object> waiter = testKit.createTestProbe();
        waiter.awaitAssert(Duration.ofSeconds(20),
                () -> assertThat(cluster.selfMember().status()).isEqualTo(MemberStatus.up()));
        clusterManager = testKit.createTestProbe();
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(ClusterManagerProtocol.SERVICE_KEY,
                clusterManager.getRef(), registered.getRef()));
        registered.expectMessageClass(Receptionist.Registered.class);
    }

    @AfterEach
    void stop() {
        if (heartbeats != null) heartbeats.cancel();
        testKit.shutdownTestKit();
    }

    @Test
    void anExecutorThatStopsHeartBeatingIsLostItsTaskRunsElsewhereAndTheClusterManagerStopsIt() throws Exception {
        ActorRef<DriverProtocol.Command> driver = startDriver(2,
                new DriverActor.Liveness(Duration.ofSeconds(1), LONG, LONG));
        TestProbe<ExecutorProtocol.Command> exec1 = testKit.createTestProbe();
        TestProbe<ExecutorProtocol.Command> exec2 = testKit.createTestProbe();
        long granted = System.nanoTime();
        grant(driver, exec1, "exec-1", exec2, "exec-2");
        exec1.expectMessage(new ExecutorProtocol.AttachDriver(APP, driver));
        exec2.expectMessage(new ExecutorProtocol.AttachDriver(APP, driver));
        keepBeating(driver, "exec-2");

        CompletableFuture<JobResult> done = submit(driver);
        var onExec1 = exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class);
        var onExec2 = exec2.expectMessageClass(ExecutorProtocol.LaunchTask.class);

        // exec-1 says nothing more: paused.
        var unresponsive = clusterManager.expectMessageClass(ClusterManagerProtocol.ExecutorUnresponsive.class,
                Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - granted)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(unresponsive.applicationId()).isEqualTo(APP);
        assertThat(unresponsive.executorId()).isEqualTo("exec-1");
        assertThat(unresponsive.incarnation()).isEqualTo(1);
        assertThat(unresponsive.reason()).matches("no heartbeat for \\d+\\.\\d s \\(process paused or hung\\?\\)");
        SchedulerEvent.ExecutorRemoved removed = removed("exec-1");
        assertThat(removed.reason()).isEqualTo(unresponsive.reason());
        assertThat(removed.tasksRequeued()).isEqualTo(1);

        finish(driver, onExec2, "exec-2");
        var relaunched = exec2.expectMessageClass(ExecutorProtocol.LaunchTask.class);
        assertThat(relaunched.task().id().partition()).isEqualTo(onExec1.task().id().partition());
        finish(driver, relaunched, "exec-2");

        JobResult result = done.get(10, TimeUnit.SECONDS);
        assertThat(result.resultTasks()).extracting(task -> task.executor().executorId()).containsOnly("exec-2");
        assertThat(result.resultTasks()).extracting(TaskOutcome::partition).containsExactlyInAnyOrder(0, 1);
        assertThat(events).filteredOn(SchedulerEvent.ExecutorRemoved.class::isInstance).hasSize(1);
    }

    @Test
    void aJobWhoseEveryExecutorIsLostFailsAfterTheTimeoutNamingTheLastLoss() {
        ActorRef<DriverProtocol.Command> driver = startDriver(1,
                new DriverActor.Liveness(LONG, LONG, Duration.ofSeconds(1)));
        TestProbe<ExecutorProtocol.Command> exec1 = testKit.createTestProbe();
        grant(driver, exec1, "exec-1");
        exec1.expectMessage(new ExecutorProtocol.AttachDriver(APP, driver));
        CompletableFuture<JobResult> done = submit(driver);
        exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class);

        long lost = System.nanoTime();
        driver.tell(new DriverProtocol.ExecutorLost(APP, "exec-1", 1, "process exited with code 137"));
        exec1.stop(); // the watch says it too, later: the first reason stays

        Throwable failure = catchThrowable(() -> done.get(10, TimeUnit.SECONDS));
        assertThat(Duration.ofNanos(System.nanoTime() - lost)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(JobFailedException.class)
                .hasMessage("job 0 failed: all executors were lost (last: exec-1, process exited with code 137) and"
                        + " no replacement registered within 1 s; the cluster-manager at "
                        + clusterManager.getRef().path().address() + " did not grant any");
        assertThat(events).filteredOn(SchedulerEvent.ExecutorRemoved.class::isInstance)
                .containsExactly(new SchedulerEvent.ExecutorRemoved("exec-1", "process exited with code 137", 1));
    }

    @Test
    void aJobWhoseLostExecutorIsReplacedInTimeCompletesOnTheReplacement() throws Exception {
        ActorRef<DriverProtocol.Command> driver = startDriver(1,
                new DriverActor.Liveness(LONG, LONG, Duration.ofSeconds(3)));
        TestProbe<ExecutorProtocol.Command> exec1 = testKit.createTestProbe();
        grant(driver, exec1, "exec-1");
        exec1.expectMessage(new ExecutorProtocol.AttachDriver(APP, driver));
        CompletableFuture<JobResult> done = submit(driver);
        exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class);
        driver.tell(new DriverProtocol.ExecutorLost(APP, "exec-1", 1, "process exited with code 137"));

        TestProbe<ExecutorProtocol.Command> exec2 = testKit.createTestProbe();
        grant(driver, exec2, "exec-2");
        exec2.expectMessage(new ExecutorProtocol.AttachDriver(APP, driver));
        for (int task = 0; task < 2; task++) {
            finish(driver, exec2.expectMessageClass(ExecutorProtocol.LaunchTask.class), "exec-2");
        }

        JobResult result = done.get(10, TimeUnit.SECONDS);
        assertThat(result.resultTasks()).extracting(task -> task.executor().executorId()).containsOnly("exec-2");
        assertThat(removed("exec-1").reason()).isEqualTo("process exited with code 137");
    }

    @Test
    void anUnreachableExecutorGetsNoTasksUntilReachableAndIsLostWhenUnreachableTooLong() throws Exception {
        ActorRef<DriverProtocol.Command> driver = startDriver(1,
                new DriverActor.Liveness(LONG, Duration.ofSeconds(1), LONG));
        TestProbe<ExecutorProtocol.Command> exec1 = testKit.createTestProbe();
        grant(driver, exec1, "exec-1");
        exec1.expectMessageClass(ExecutorProtocol.AttachDriver.class);
        var node = exec1.getRef().path().address();

        driver.tell(new DriverActor.NodeUnreachable(node));
        CompletableFuture<JobResult> done = submit(driver);
        exec1.awaitAssert(() -> assertThat(events).anyMatch(SchedulerEvent.TaskStarted.class::isInstance));
        exec1.expectNoMessage(Duration.ofMillis(300));
        driver.tell(new DriverActor.NodeReachable(node));
        var held = exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class);
        finish(driver, held, "exec-1");
        exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class);

        long unreachable = System.nanoTime();
        driver.tell(new DriverActor.NodeUnreachable(node));
        var unresponsive = clusterManager.expectMessageClass(ClusterManagerProtocol.ExecutorUnresponsive.class,
                Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - unreachable)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(unresponsive.reason()).isEqualTo("unreachable in the Akka cluster for 1 s");
        assertThat(removed("exec-1").tasksRequeued()).isEqualTo(1);
        assertThat(done).isNotDone();
    }

    private ActorRef<DriverProtocol.Command> startDriver(int executors, DriverActor.Liveness liveness) {
        DriverActor.Request request = new DriverActor.Request(executors, 1, 512, LONG, SchedulerSettings.of(4, 4));
        ActorRef<DriverProtocol.Command> driver = testKit.spawn(DriverActor.create(APP, request, liveness,
                new CacheLocations(), List.of(), new DirectResults(), events::add));
        var asked = clusterManager.expectMessageClass(ClusterManagerProtocol.RequestExecutors.class);
        assertThat(asked.count()).isEqualTo(executors);
        return driver;
    }

    private static void grant(ActorRef<DriverProtocol.Command> driver, TestProbe<ExecutorProtocol.Command> probe,
                              String executorId) {
        driver.tell(new DriverProtocol.ExecutorsGranted(APP, List.of(granted(probe, executorId))));
    }

    private static void grant(ActorRef<DriverProtocol.Command> driver, TestProbe<ExecutorProtocol.Command> first,
                              String firstId, TestProbe<ExecutorProtocol.Command> second, String secondId) {
        driver.tell(new DriverProtocol.ExecutorsGranted(APP,
                List.of(granted(first, firstId), granted(second, secondId))));
    }

    private static DriverProtocol.GrantedExecutor granted(TestProbe<ExecutorProtocol.Command> probe,
                                                          String executorId) {
        return new DriverProtocol.GrantedExecutor(
                new ExecutorInfo(executorId, 1, "127.0.0.1", 7000, 1, 512, 100), probe.getRef());
    }

    /** Heartbeats for the executor every 200 ms until the test ends. */
    private void keepBeating(ActorRef<DriverProtocol.Command> driver, String executorId) {
        heartbeats = testKit.system().scheduler().scheduleAtFixedRate(Duration.ZERO, Duration.ofMillis(200),
                () -> driver.tell(new DriverProtocol.ExecutorHeartbeat(APP, executorId, 1, List.of())),
                testKit.system().executionContext());
    }

    /** A one-stage job: two scan tasks. */
    private static CompletableFuture<JobResult> submit(ActorRef<DriverProtocol.Command> driver) {
        JobPlan plan = stages(sales(), 2, 3);
        assertThat(plan.stages()).hasSize(1);
        CompletableFuture<JobResult> done = new CompletableFuture<>();
        driver.tell(new DriverActor.SubmitJob(0, plan, done));
        return done;
    }

    private static void finish(ActorRef<DriverProtocol.Command> driver, ExecutorProtocol.LaunchTask launch,
                               String executorId) {
        driver.tell(new DriverProtocol.TaskFinished(launch.task().id(), executorId, 1, METRICS));
    }

    private SchedulerEvent.ExecutorRemoved removed(String executorId) {
        return events.stream().filter(SchedulerEvent.ExecutorRemoved.class::isInstance)
                .map(SchedulerEvent.ExecutorRemoved.class::cast)
                .filter(event -> event.executorId().equals(executorId))
                .findFirst().orElseThrow(() -> new AssertionError("no ExecutorRemoved for " + executorId
                        + " in " + events));
    }
}
