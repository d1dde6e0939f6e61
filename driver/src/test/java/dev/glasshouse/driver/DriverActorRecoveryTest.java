package dev.glasshouse.driver;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.SchedulerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver actor's timers around the scheduler: one resubmission per burst of fetch failures, and a periodic
 * look for stragglers when speculation is on. Executors are test probes; no cluster, no network.
 */
class DriverActorRecoveryTest {
    private static final TaskMetrics METRICS = new TaskMetrics(5, 10, 1, 0, 0, 0, 0, 0, 0);
    private static final String APP = "app-test";

    private ActorTestKit testKit;
    private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
    private ActorRef<DriverProtocol.Command> driver;
    private TestProbe<ExecutorProtocol.Command> exec1;
    private TestProbe<ExecutorProtocol.Command> exec2;

    @BeforeEach
    void start() {
        // A cluster provider on a free port: the driver subscribes to cluster membership (unreachable executors).
        testKit = ActorTestKit.create(ConfigFactory.parseString("akka.remote.artery.canonical.port = 0")
                .withFallback(ConfigFactory.load()));
        exec1 = testKit.createTestProbe();
        exec2 = testKit.createTestProbe();
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    private void startDriver(SchedulerSettings scheduling) {
        DriverActor.Request request = new DriverActor.Request(2, 2, 512, Duration.ofMinutes(1), scheduling);
        // Liveness timeouts far beyond the test: the probe executors send no heartbeats.
        DriverActor.Liveness liveness = new DriverActor.Liveness(Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5));
        driver = testKit.spawn(DriverActor.create(APP, request, liveness, new CacheLocations(), List.of(),
                new DirectResults(), events::add));
        driver.tell(new DriverProtocol.ExecutorsGranted(APP, List.of(
                new DriverProtocol.GrantedExecutor(info("exec-1", 1), exec1.getRef()),
                new DriverProtocol.GrantedExecutor(info("exec-2", 2), exec2.getRef()))));
        exec1.expectMessageClass(ExecutorProtocol.AttachDriver.class);
        exec2.expectMessageClass(ExecutorProtocol.AttachDriver.class);
    }

    private static ExecutorInfo info(String id, int n) {
        return new ExecutorInfo(id, 1, "127.0.0.1", 7000 + n, 2, 512, 100 + n);
    }

    private CompletableFuture<JobResult> submit() {
        CompletableFuture<JobResult> done = new CompletableFuture<>();
        driver.tell(new DriverActor.SubmitJob(0, stages(countByCountry(sales()), 4, 3), done));
        return done;
    }

    private static List<ExecutorProtocol.LaunchTask> launches(TestProbe<ExecutorProtocol.Command> probe, int n) {
        List<ExecutorProtocol.LaunchTask> launches = new ArrayList<>();
        for (int i = 0; i < n; i++) launches.add(probe.expectMessageClass(ExecutorProtocol.LaunchTask.class));
        return launches;
    }

    private void finish(ExecutorProtocol.LaunchTask launch, String executorId) {
        driver.tell(new DriverProtocol.TaskFinished(launch.task().id(), executorId, 1, METRICS));
    }

    @Test
    void aBurstOfFetchFailuresIsResubmittedOnceAfterTheDelay() throws Exception {
        startDriver(new SchedulerSettings(4, 4, Duration.ofMillis(200), SchedulerSettings.Speculation.OFF));
        CompletableFuture<JobResult> done = submit();
        List<ExecutorProtocol.LaunchTask> mapOn1 = launches(exec1, 2);
        List<ExecutorProtocol.LaunchTask> mapOn2 = launches(exec2, 2);
        mapOn1.forEach(l -> finish(l, "exec-1"));
        mapOn2.forEach(l -> finish(l, "exec-2"));
        List<ExecutorProtocol.LaunchTask> reduce = new ArrayList<>(launches(exec1, 2));
        reduce.addAll(launches(exec2, 1));

        // Every reduce task fails to fetch exec-2's first map output: one burst.
        for (ExecutorProtocol.LaunchTask task : reduce) {
            PartitionSource.ShuffleRead read = (PartitionSource.ShuffleRead) task.task().plan().source();
            int mapPartition = mapOn2.get(0).task().id().partition();
            MapOutputLocation lost = read.blocks().get(mapPartition);
            String executorId = reduce.indexOf(task) < 2 ? "exec-1" : "exec-2";
            driver.tell(new DriverProtocol.TaskFailed(task.task().id(), executorId, 1, "fetch failed",
                    new FetchFailure(read.shuffleId(), mapPartition, task.task().id().partition(), lost.executorId(),
                            lost.address(), "Connection refused")));
        }

        // The map partitions exec-2 held run again, once, in attempt 1 of stage 0.
        List<ExecutorProtocol.LaunchTask> rerun = List.of(
                exec1.expectMessageClass(ExecutorProtocol.LaunchTask.class, Duration.ofSeconds(5)),
                exec2.expectMessageClass(ExecutorProtocol.LaunchTask.class, Duration.ofSeconds(5)));
        assertThat(rerun).allSatisfy(l -> {
            assertThat(l.task().id().stageId()).isZero();
            assertThat(l.task().id().stageAttempt()).isEqualTo(1);
        }).extracting(l -> l.task().id().partition()).containsExactlyInAnyOrderElementsOf(
                mapOn2.stream().map(l -> l.task().id().partition()).toList());
        finish(rerun.get(0), "exec-1");
        finish(rerun.get(1), "exec-2");
        List<ExecutorProtocol.LaunchTask> retried = new ArrayList<>(launches(exec1, 2));
        retried.addAll(launches(exec2, 1));
        assertThat(retried).allSatisfy(l -> assertThat(l.task().id().stageAttempt()).isEqualTo(1));
        retried.subList(0, 2).forEach(l -> finish(l, "exec-1"));
        finish(retried.get(2), "exec-2");

        JobResult result = done.get(10, TimeUnit.SECONDS);
        assertThat(result.stages()).extracting(s -> s.attempts()).containsExactly(2, 2);
        assertThat(events).filteredOn(SchedulerEvent.PartitionsResubmitted.class::isInstance).hasSize(2);
    }

    @Test
    void withSpeculationOnAStragglerGetsACopyOnTheOtherExecutor() throws Exception {
        startDriver(SchedulerSettings.of(4, 4).withSpeculation(new SchedulerSettings.Speculation(true, 0.75, 3.0,
                Duration.ofMillis(300), Duration.ofMillis(50))));
        CompletableFuture<JobResult> done = submit();
        List<ExecutorProtocol.LaunchTask> mapOn1 = launches(exec1, 2);
        List<ExecutorProtocol.LaunchTask> mapOn2 = launches(exec2, 2);
        ExecutorProtocol.LaunchTask straggler = mapOn1.get(1);
        finish(mapOn1.get(0), "exec-1");
        mapOn2.forEach(l -> finish(l, "exec-2"));

        ExecutorProtocol.LaunchTask copy = exec2.expectMessageClass(ExecutorProtocol.LaunchTask.class,
                Duration.ofSeconds(5));
        assertThat(copy.task().id().partition()).isEqualTo(straggler.task().id().partition());
        assertThat(copy.task().id().attempt()).isEqualTo(1);
        finish(copy, "exec-2");
        // The straggler still holds its slot: exec-2 (2 free) gets the first reduce task, then the most free.
        List<ExecutorProtocol.LaunchTask> reduceOn1 = launches(exec1, 1);
        List<ExecutorProtocol.LaunchTask> reduceOn2 = launches(exec2, 2);
        reduceOn1.forEach(l -> assertThat(((PartitionSource.ShuffleRead) l.task().plan().source()).blocks()
                .get(straggler.task().id().partition()).executorId()).isEqualTo("exec-2"));
        finish(straggler, "exec-1");
        reduceOn1.forEach(l -> finish(l, "exec-1"));
        reduceOn2.forEach(l -> finish(l, "exec-2"));

        JobResult result = done.get(10, TimeUnit.SECONDS);
        assertThat(result.stages().get(0).tasksRun()).isEqualTo(5);
        assertThat(result.stages().get(0).metrics().inputRows()).isEqualTo(4);
        assertThat(events).filteredOn(SchedulerEvent.SpeculativeTaskLaunched.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(SchedulerEvent.TaskResultIgnored.class::isInstance).hasSize(1);
    }
}
