package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.JobFailedException;
import dev.glasshouse.driver.function.MapPartitionsFunction;
import dev.glasshouse.driver.scheduler.JobResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The memory requirement's three workloads at 1/25 of their size on two executors of 128 MB with a tenth of the
 * heap as managed memory: 6.4 MB of execution memory per task, so the groupBy, the sort and the shuffled join all
 * spill, and their outputs are checked row by row against the formulas that made the inputs. Then the two ways a
 * task cannot fit — one join key bigger than the task's memory, and a real OutOfMemoryError in user code — fail
 * the job with a message naming stage, partition and memory setting, and the executors live on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpillEndToEndTest {
    private static final SpillWorkloads.Scale SCALE = new SpillWorkloads.Scale(200_000, 2, 400_000, 200_000, 2);
    private static final String EXECUTION_SHARE =
            "executor memory 128 MB × glasshouse.executor.memory-fraction 0.1 × (1 − storage-fraction 0.5)"
                    + " / 1 slot";

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private SpillWorkloads workloads;

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-spill-");
        cluster = LocalClusterProcess.start(2, 1, 128, dataDir, dataDir.resolve("cluster.log"), 120,
                Map.of("glasshouse.executor.memory-fraction", "0.1"));
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.shuffle-partitions", 4)
                .config("glasshouse.driver.auto-broadcast-join-threshold", -1)
                .config("glasshouse.driver.task-max-failures", 2)
                .config("glasshouse.driver.executor-memory-mb", 128).getOrCreate();
        workloads = new SpillWorkloads(session, store, "spill", SCALE);
        workloads.writeInputs();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (session != null) session.close();
        if (store != null) store.close();
        if (cluster != null) cluster.close();
    }

    private JobResult lastJob() {
        List<JobResult> jobs = session.completedJobs();
        return jobs.get(jobs.size() - 1);
    }

    @Test
    void aGroupByOverManyMoreKeysThanFitSpillsAndCountsEveryKeyOnce() throws Exception {
        SpillWorkloads.Outcome outcome = workloads.groupBy();
        assertThat(outcome.outputRows()).isEqualTo(200_000);
        assertThat(outcome.spillBytes()).isPositive();
        assertThat(JobReport.text(lastJob())).containsPattern("spilled: +[0-9,]+ bytes to executors' local disk");
    }

    @Test
    void aGlobalSortOfManyMoreRowsThanFitSpillsAndStaysInOrder() throws Exception {
        SpillWorkloads.Outcome outcome = workloads.orderBy();
        assertThat(outcome.outputRows()).isEqualTo(400_000);
        assertThat(outcome.spillBytes()).isPositive();
    }

    @Test
    void aShuffledJoinOfTwoTablesBiggerThanMemorySpillsAndMatchesEveryPair() throws Exception {
        SpillWorkloads.Outcome outcome = workloads.join();
        assertThat(outcome.outputRows()).isGreaterThan(190_000);
        assertThat(outcome.spillBytes()).isPositive();
    }

    @Test
    void aJoinKeyBiggerThanATasksMemoryFailsTheJobNamingKeyAndSettingAndTheExecutorsLiveOn() {
        StringBuilder orders = new StringBuilder();
        for (long id = 0; id < 10_000; id++) orders.append(id).append(',').append(id % 2 == 0 ? 42 : id).append('\n');
        StringBuilder customers = new StringBuilder();
        // About 10 MB of build rows in memory for customer 42 alone (the count prunes the names), against 6.4 MB.
        for (int i = 0; i < 60_000; i++) customers.append("42,the same customer - record ").append(i).append('\n');
        for (long id = 100; id < 5_000; id++) customers.append(id).append(",customer ").append(id).append('\n');
        store.put(S3Path.parse("s3://spill/skew/orders/part-0.csv"),
                orders.toString().getBytes(StandardCharsets.UTF_8));
        store.put(S3Path.parse("s3://spill/skew/customers/part-0.csv"),
                customers.toString().getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> session.read().schema("order_id long, customer_id long").csv("s3://spill/skew/orders/")
                .join(session.read().schema("customer_id long, name string").csv("s3://spill/skew/customers/"),
                        "customer_id").count())
                .isInstanceOf(JobFailedException.class)
                .hasMessageMatching("(?s).*TaskOutOfMemoryException: stage \\d+, partition \\d+: the join's build side "
                        + "holds [0-9.]+ MB for a single key \\[customer_id=42\\], more than this task's execution "
                        + "memory of 6.4 MB \\(" + EXECUTION_SHARE.replace("(", "\\(").replace(")", "\\)")
                        + "\\)\\. Salt the skewed key or give executors more --memory\\..*");

        executorsAreTheOnesTheClusterStartedWith();
    }

    @Test
    void anOutOfMemoryErrorInUserCodeFailsTheTaskNotTheExecutor() {
        MapPartitionsFunction<Row, Row> greedy = rows -> {
            // A real OutOfMemoryError from the JVM: 16 GB asked of a 128 MB heap.
            long[] huge = new long[Integer.MAX_VALUE - 8];
            return List.of(new Row((long) huge.length)).iterator();
        };
        assertThatThrownBy(() -> session.read().schema(SpillWorkloads.CUSTOMERS).csv("s3://spill/input/customers/")
                .mapPartitions(greedy, "n long").collect())
                .isInstanceOf(JobFailedException.class)
                .hasMessageMatching("(?s).*TaskOutOfMemoryException: stage \\d+, partition \\d+ ran out of memory \\(.*"
                        + "\\) on an executor with 128 MB of memory \\(--memory\\).*");

        executorsAreTheOnesTheClusterStartedWith();
    }

    /** The same executor processes as at the start, and they still run jobs. */
    private void executorsAreTheOnesTheClusterStartedWith() {
        assertThat(session.read().schema(SpillWorkloads.ORDERS).csv("s3://spill/input/orders/")
                .filter(col("amount").lt(10)).count()).isEqualTo(SCALE.joinRows() / 50);
        assertThat(session.executors().values().stream().map(ExecutorInfo::pid).toList())
                .containsExactlyInAnyOrderElementsOf(cluster.executorPids());
    }
}
