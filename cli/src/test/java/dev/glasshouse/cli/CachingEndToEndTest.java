package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.StageSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Persisted datasets on a real local cluster: two executor JVMs whose storage memory is cut to about 3 MB each
 * ({@code --conf glasshouse.executor.storage-fraction=0.01} of 512 MB × 0.6), so that a small data set (20,000
 * rows) fits and a big one (200,000 rows, about 9 MB of encoded rows) does not. Every figure asserted comes from
 * the jobs' metrics; every answer is checked against the generator's rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachingEndToEndTest {
    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private SalesDataGenerator small;
    private SalesDataGenerator big;
    private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-cache-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120,
                Map.of("glasshouse.executor.storage-fraction", "0.01"));
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        small = new SalesDataGenerator(20_000, 4, 5);
        small.writeTo(store, S3Path.parse("s3://raw/small/"));
        big = new SalesDataGenerator(200_000, 8, 6);
        big.writeTo(store, S3Path.parse("s3://raw/big/"));
        session = GlasshouseSession.builder().config(config).master(cluster.master()).listener(events::add)
                .config("glasshouse.driver.shuffle-partitions", 4).getOrCreate();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (session != null) session.close();
        if (store != null) store.close();
        if (cluster != null) cluster.close();
    }

    private DataFrame read(String path) {
        return session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv(path);
    }

    private static long expectedOver(SalesDataGenerator generator, double amount) {
        return generator.rows().filter(r -> (Double) r.get(4) > amount).count();
    }

    private JobResult lastJob() {
        List<JobResult> jobs = session.completedJobs();
        return jobs.get(jobs.size() - 1);
    }

    private static long inputBytes(JobResult job) {
        return job.stages().stream().mapToLong(s -> s.metrics().inputBytes()).sum();
    }

    private static int cachedPartitions(JobResult job) {
        return job.stages().stream().mapToInt(s -> s.metrics().cachedPartitions()).sum();
    }

    @Test
    void threeActionsOnACachedDatasetReadS3OnceThenUnpersistReadsAgain() {
        DataFrame over10 = read("s3://raw/small/").filter(col("amount").gt(10)).cache();
        long expected = expectedOver(small, 10);
        assertThat(over10.storageLevel()).isEqualTo(StorageLevel.MEMORY_AND_DISK);

        assertThat(over10.count()).isEqualTo(expected);
        JobResult first = lastJob();
        assertThat(inputBytes(first)).as("the first action reads every file").isPositive();
        assertThat(cachedPartitions(first)).isZero();

        assertThat(over10.count()).isEqualTo(expected);
        JobResult second = lastJob();
        assertThat(over10.groupBy("country").agg(count("*").as("n")).collect().stream()
                .mapToLong(r -> (Long) r.get(1)).sum()).isEqualTo(expected);
        JobResult third = lastJob();
        for (JobResult later : List.of(second, third)) {
            assertThat(inputBytes(later)).as("nothing read from S3 by job %d", later.jobId()).isZero();
            assertThat(cachedPartitions(later)).as("every partition read from the cache, where it lives").isEqualTo(4);
        }

        over10.unpersist();
        assertThat(over10.storageLevel()).isEqualTo(StorageLevel.NONE);
        assertThat(over10.count()).isEqualTo(expected);
        assertThat(inputBytes(lastJob())).as("after unpersist, S3 again").isEqualTo(inputBytes(first));
        assertThat(cachedPartitions(lastJob())).isZero();
    }

    @Test
    void memoryOnlyPartitionsThatDoNotFitAreEvictedAndRecomputedWithTheSameAnswer() {
        DataFrame big50 = read("s3://raw/big/").filter(col("amount").gt(50)).persist(StorageLevel.MEMORY_ONLY);
        long expected = expectedOver(big, 50);

        assertThat(big50.count()).isEqualTo(expected);
        long firstInput = inputBytes(lastJob());
        assertThat(events).as("the executors told the driver what they evicted")
                .anySatisfy(e -> assertThat(e).isInstanceOf(SchedulerEvent.CachedPartitionsDropped.class));

        assertThat(big50.count()).isEqualTo(expected);
        JobResult second = lastJob();
        assertThat(cachedPartitions(second)).as("about 9 MB of rows cannot all stay in 2 x 3 MB").isLessThan(8);
        assertThat(inputBytes(second)).as("evicted partitions are recomputed from S3").isPositive()
                .isLessThanOrEqualTo(firstInput);
        big50.unpersist();
    }

    @Test
    void memoryAndDiskKeepsWhatDoesNotFitInMemoryOnDisk() {
        DataFrame big60 = read("s3://raw/big/").filter(col("amount").gt(60)).persist(StorageLevel.MEMORY_AND_DISK);
        long expected = expectedOver(big, 60);

        assertThat(big60.count()).isEqualTo(expected);
        assertThat(big60.count()).isEqualTo(expected);

        assertThat(inputBytes(lastJob())).as("every partition kept, in memory or on disk").isZero();
        assertThat(cachedPartitions(lastJob())).isEqualTo(8);
        big60.unpersist();
    }

    @Test
    void theShuffleStagesOfAFullyCachedAggregateAreSkipped() {
        DataFrame perCountry = read("s3://raw/small/").groupBy("country").agg(count("*").as("n"))
                .persist(StorageLevel.DISK_ONLY);
        Map<String, Long> expected = small.rows()
                .collect(Collectors.groupingBy(r -> (String) r.get(2), TreeMap::new, Collectors.counting()));

        assertThat(asMap(perCountry.filter(col("n").gt(0)).collect())).isEqualTo(expected);
        JobResult first = lastJob();
        assertThat(asMap(perCountry.filter(col("n").gt(0)).collect())).isEqualTo(expected);
        JobResult second = lastJob();

        assertThat(first.stages()).hasSize(2);
        assertThat(second.stages()).as("the map stage computing the counts is skipped").hasSize(1);
        StageSummary only = second.stages().get(0);
        assertThat(only.metrics().cachedPartitions()).isEqualTo(4);
        assertThat(only.metrics().shuffleReadBytes()).isZero();
        perCountry.unpersist();
    }

    private static Map<String, Long> asMap(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> (String) r.get(0), r -> (Long) r.get(1), (a, b) -> a,
                TreeMap::new));
    }
}
