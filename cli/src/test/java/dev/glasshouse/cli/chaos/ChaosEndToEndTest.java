package dev.glasshouse.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.JobFailedException;
import dev.glasshouse.driver.function.MapPartitionsFunction;
import dev.glasshouse.driver.scheduler.JobResult;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real faults on a real local cluster (three executor JVMs, the cluster-manager, S3), each run against the same
 * job without faults: the answer must not change, and the recovery must be the one Spark's model predicts.
 * Every test leaves the cluster with three executors again (the cluster-manager replaces the lost ones).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChaosEndToEndTest {
    private static final int EXECUTORS = 3;
    private static final String INPUT = "s3://raw/chaos-e2e/";
    private Path dataDir;
    private LocalClusterProcess cluster;
    private Config config;
    private final java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-chaos-e2e-");
        cluster = LocalClusterProcess.start(EXECUTORS, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(config))) {
            new SalesDataGenerator(60_000, 6, 11).writeTo(store, S3Path.parse(INPUT));
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
        if (dataDir != null) dev.glasshouse.core.io.FileTrees.deleteRecursively(dataDir);
    }

    @BeforeEach
    void awaitWholeCluster() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (cluster.control().executors().size() < EXECUTORS) {
            assertThat(System.currentTimeMillis()).as("the cluster-manager replaces lost executors").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private ChaosRun.Result run(ChaosSpec spec, String output) throws Exception {
        return ChaosRun.run(new ChaosPlan(spec), new LocalChaosTarget(cluster.control()),
                new ChaosRun.Settings(cluster.master(), config, EXECUTORS, 6, INPUT, "s3://curated/chaos-e2e/" + output
                        + "/", Duration.ofMillis(400), null, false),
                new java.io.PrintStream(printed, true));
    }

    private static ChaosSpec kill(ChaosSpec.Trigger trigger, int faults, Duration every) {
        return new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), ChaosSpec.RANDOM, "KILL", Duration.ZERO, Duration.ZERO,
                0, trigger, Duration.ZERO, every, faults, 4);
    }

    private static <T extends SchedulerEvent> List<T> events(ChaosRun.Result result, Class<T> type) {
        return result.inputs().events().stream().map(EventRecorder.Timed::event).filter(type::isInstance)
                .map(type::cast).toList();
    }

    private static EventRecorder.Timed removal(ChaosRun.Result result, String executorId) {
        return result.inputs().events().stream()
                .filter(t -> t.event() instanceof SchedulerEvent.ExecutorRemoved r && r.executorId().equals(executorId))
                .findFirst().orElseThrow(() -> new AssertionError("executor " + executorId + " was never removed:\n"
                        + result.report()));
    }

    /** Map partitions (stage 0) whose output was on {@code executorId} when it was killed at {@code killedAt}. */
    private static Set<Integer> mapOutputsOn(ChaosRun.Result result, String executorId, long killedAt) {
        Map<Integer, String> lastWriter = new TreeMap<>();
        for (EventRecorder.Timed timed : result.inputs().events()) {
            if (timed.atMillis() > killedAt) break;
            if (timed.event() instanceof SchedulerEvent.TaskEnded ended && ended.succeeded()
                    && ended.task().stageId() == 0) {
                lastWriter.put(ended.task().partition(), ended.executorId());
            }
        }
        return lastWriter.entrySet().stream().filter(e -> e.getValue().equals(executorId)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void killDuringTheMapStageRerunsItsTasksElsewhereWithinTwoSeconds() throws Exception {
        ChaosRun.Result result = run(kill(ChaosSpec.Trigger.MAP, 1, Duration.ZERO), "map");

        assertThat(result.resultUnchanged()).as(result.report()).isTrue();
        InjectedFault fault = result.inputs().faults().get(0);
        EventRecorder.Timed removed = removal(result, fault.executorId());
        assertThat(removed.atMillis() - fault.atMillis()).as("kill -9 acted on within 2 s").isLessThan(2_000);
        SchedulerEvent.ExecutorRemoved loss = (SchedulerEvent.ExecutorRemoved) removed.event();
        assertThat(loss.tasksRequeued()).as("the victim was running a map task").isPositive();
        List<SchedulerEvent.TaskStarted> reruns = events(result, SchedulerEvent.TaskStarted.class).stream()
                .filter(s -> s.task().attempt() > 0).toList();
        assertThat(reruns).isNotEmpty().allSatisfy(s -> assertThat(s.executorId()).isNotEqualTo(fault.executorId()));
        assertThat(result.report()).contains("EQUAL to the fault-free result");
    }

    @Test
    void killAfterTheMapStageRecomputesExactlyTheMapOutputItHeld() throws Exception {
        ChaosRun.Result result = run(kill(ChaosSpec.Trigger.REDUCE, 1, Duration.ZERO), "reduce");

        assertThat(result.resultUnchanged()).as(result.report()).isTrue();
        InjectedFault fault = result.inputs().faults().get(0);
        Set<Integer> held = mapOutputsOn(result, fault.executorId(), fault.atMillis());
        assertThat(held).as("the victim held some map output").isNotEmpty();
        Set<Integer> resubmitted = new TreeSet<>();
        events(result, SchedulerEvent.PartitionsResubmitted.class).stream().filter(r -> r.stageId() == 0)
                .forEach(r -> resubmitted.addAll(r.partitions()));
        assertThat(resubmitted).as("recomputed map partitions\n" + result.report()).isEqualTo(held);
        Set<Integer> rerunMapPartitions = events(result, SchedulerEvent.TaskStarted.class).stream()
                .filter(s -> s.task().stageId() == 0 && s.task().attempt() > 0)
                .map(s -> s.task().partition()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(rerunMapPartitions).as("not the whole map stage").isEqualTo(held).hasSizeLessThan(6);
    }

    @Test
    void twoExecutorsKilledAtOnceAndThenEveryExecutor() throws Exception {
        ChaosRun.Result two = run(new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), ChaosSpec.RANDOM, "KILL",
                Duration.ZERO, Duration.ZERO, 0, ChaosSpec.Trigger.MAP, Duration.ZERO, Duration.ofMillis(1), 2, 9),
                "two");
        assertThat(two.resultUnchanged()).as(two.report()).isTrue();
        assertThat(events(two, SchedulerEvent.ExecutorRemoved.class)).hasSizeGreaterThanOrEqualTo(2);

        awaitWholeCluster();
        ChaosRun.Result all = run(kill(ChaosSpec.Trigger.MAP, EXECUTORS, Duration.ofMillis(1)), "all");
        assertThat(all.inputs().faults()).allSatisfy(f -> assertThat(f.failed()).isNull());
        assertThat(all.resultUnchanged()).as("replacements arrive and finish the job\n" + all.report()).isTrue();
        assertThat(events(all, SchedulerEvent.ExecutorAdded.class)).as("replacement executors joined").isNotEmpty();
    }

    @Test
    void jobSurvivesATenSecondS3Outage() throws Exception {
        ChaosRun.Result result = run(new ChaosSpec(List.of(FaultKind.S3_OUTAGE), ChaosSpec.RANDOM, "KILL",
                Duration.ZERO, Duration.ofSeconds(10), 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1),
                "s3");

        assertThat(result.resultUnchanged()).as(result.report()).isTrue();
        assertThat(result.inputs().underChaos().durationMillis()).as("the job waited for S3").isGreaterThan(8_000);
    }

    private GlasshouseSession session(List<SchedulerEvent> events) {
        return GlasshouseSession.builder().config(config).master(cluster.master()).listener(events::add)
                .config("glasshouse.driver.executors", EXECUTORS)
                .config("glasshouse.driver.shuffle-partitions", 4).getOrCreate();
    }

    private static DataFrame sales(GlasshouseSession session) {
        return session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv(INPUT);
    }

    /** Throws in the one partition holding order 17, on every attempt. Static: captures nothing. */
    private static MapPartitionsFunction<Row, Row> failOnOrder17() {
        return rows -> {
            List<Row> all = new ArrayList<>();
            rows.forEachRemaining(all::add);
            for (Row row : all) {
                if ((Long) row.get(0) == 17L) throw new IllegalStateException("bad order 17");
            }
            return all.iterator();
        };
    }

    @Test
    void taskThatAlwaysThrowsFailsTheJobAfterFourAttemptsAndLeavesNoOutput() throws Exception {
        List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
        String output = "s3://curated/chaos-e2e/always-fails/";
        try (GlasshouseSession session = session(events);
             ObjectStore store = new ObjectStore(S3Settings.fromConfig(config))) {
            DataFrame sales = sales(session);
            DataFrame broken = sales.mapPartitions(failOnOrder17(), sales.schema()).groupBy("country").count();

            assertThatThrownBy(() -> broken.write().mode("overwrite").csv(output))
                    .isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("failed 4 times")
                    .hasMessageContaining("IllegalStateException: bad order 17");
            List<SchedulerEvent.TaskEnded> failures = events.stream()
                    .filter(e -> e instanceof SchedulerEvent.TaskEnded t && !t.succeeded())
                    .map(SchedulerEvent.TaskEnded.class::cast).toList();
            assertThat(failures).hasSize(4).allSatisfy(f -> assertThat(f.error()).contains("bad order 17"));
            assertThat(failures.stream().map(f -> f.task().partition()).distinct()).hasSize(1);
            assertThat(store.list(S3Path.parse(output))).as("nothing at the destination").isEmpty();
        }
    }

    @Test
    void lostCachedPartitionsAreRecomputedAndTheRestComeFromCache() throws Exception {
        List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
        try (GlasshouseSession session = session(events)) {
            DataFrame cached = sales(session).cache();
            long expected = cached.count();
            Map<Integer, String> holder = new TreeMap<>();
            for (SchedulerEvent event : events) {
                if (event instanceof SchedulerEvent.TaskEnded t && t.succeeded() && t.metrics().inputBytes() > 0) {
                    holder.put(t.task().partition(), t.executorId());
                }
            }
            assertThat(holder).hasSize(6);
            String victim = holder.get(0);
            Set<Integer> lost = holder.entrySet().stream().filter(e -> e.getValue().equals(victim))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
            long pid = cluster.control().executors().stream().filter(e -> e.executorId().equals(victim))
                    .findFirst().orElseThrow().pid();
            new LocalChaosTarget(cluster.control()).signal(pid, "KILL");
            long deadline = System.currentTimeMillis() + 10_000;
            while (events.stream().noneMatch(e -> e instanceof SchedulerEvent.ExecutorRemoved r
                    && r.executorId().equals(victim))) {
                assertThat(System.currentTimeMillis()).as("the driver notices the loss").isLessThan(deadline);
                Thread.sleep(50);
            }
            events.clear();

            assertThat(cached.count()).isEqualTo(expected);

            JobResult second = session.completedJobs().get(session.completedJobs().size() - 1);
            int fromCache = second.stages().stream().mapToInt(s -> s.metrics().cachedPartitions()).sum();
            assertThat(fromCache).as("partitions cached on the survivors are reused").isEqualTo(6 - lost.size());
            Set<Integer> recomputed = events.stream()
                    .filter(e -> e instanceof SchedulerEvent.TaskEnded t && t.succeeded()
                            && t.metrics().inputBytes() > 0)
                    .map(e -> ((SchedulerEvent.TaskEnded) e).task().partition())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(recomputed).as("only the lost partitions are read from S3 again").isEqualTo(lost);
        }
    }
}
