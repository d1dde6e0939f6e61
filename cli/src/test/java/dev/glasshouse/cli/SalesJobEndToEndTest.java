package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.avg;
import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.count;
import static dev.glasshouse.driver.functions.max;
import static dev.glasshouse.driver.functions.min;
import static dev.glasshouse.driver.functions.not;
import static dev.glasshouse.driver.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.glasshouse.cli.jobs.SalesByCountryJob;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.JobFailedException;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.StageSummary;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real local cluster — the cluster-manager and two executor JVMs in child processes, the embedded S3 server —
 * with this test JVM as the driver, running the sales job on 100,000 generated rows in 4 files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SalesJobEndToEndTest {
    private static final long ROWS = 100_000;
    private static final int FILES = 4;
    private static final long SEED = 7;

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private SalesDataGenerator generator;
    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-e2e-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        generator = new SalesDataGenerator(ROWS, FILES, SEED);
        generator.writeTo(store, S3Path.parse("s3://raw/sales/"));
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.task-max-failures", 2)
                .out(new PrintStream(shown, true, StandardCharsets.UTF_8)).getOrCreate();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (session != null) session.close();
        if (store != null) store.close();
        List<Long> executorPids = cluster == null ? List.of() : cluster.executorPids();
        if (cluster != null) cluster.close();
        // Stopping the cluster like Ctrl-C would must leave no executor process behind.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        for (long pid : executorPids) {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("executor process %d still alive after the cluster stopped", pid).isFalse();
        }
    }

    private DataFrame sales() {
        return session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv("s3://raw/sales/");
    }

    @Test
    void buildingAPlanRunsNoTaskAndReadsNoS3Object() {
        long tasksBefore = session.tasksLaunched();
        long requestsBefore = session.objectStore().requestCount();

        DataFrame plan = sales().filter(col("amount").gt(50)).withColumn("double_amount", col("amount").multiply(2))
                .groupBy("country").count();
        plan.schema();

        assertThat(session.tasksLaunched()).isEqualTo(tasksBefore);
        assertThat(session.objectStore().requestCount()).isEqualTo(requestsBefore);

        assertThat(plan.count()).isEqualTo(20);
        assertThat(session.tasksLaunched()).isGreaterThan(tasksBefore);
    }

    @Test
    void salesJobWritesTheIndependentlyComputedCountsToS3() {
        SalesByCountryJob.Outcome outcome = SalesByCountryJob.run(session, "s3://raw/sales/",
                "s3://curated/sales_by_country/", explain -> { });

        Map<String, Long> expected = generator.rows().collect(
                Collectors.groupingBy(r -> (String) r.get(2), TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = new TreeMap<>();
        for (Row row : outcome.countsByCountry()) actual.put((String) row.get(0), (Long) row.get(1));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(ROWS);

        List<String> keys = store.list(S3Path.parse("s3://curated/sales_by_country/")).stream()
                .map(o -> o.path().key()).toList();
        assertThat(keys).contains("sales_by_country/_SUCCESS", "sales_by_country/part-00000.csv")
                .noneMatch(k -> k.contains("_temporary"))
                .filteredOn(k -> k.contains("part-")).hasSize(8);

        JobResult write = outcome.writeJob();
        assertThat(write.stages()).hasSize(2);
        StageSummary map = write.stages().get(0);
        assertThat(map.partitions()).isEqualTo(FILES);
        assertThat(map.metrics().inputRows()).isEqualTo(ROWS);
        assertThat(write.stages().get(1).partitions()).isEqualTo(8);

        // Tasks ran on both executors, and they are two separate OS processes, neither of them this one.
        Set<String> used = new HashSet<>();
        write.stages().forEach(s -> used.addAll(s.executors()));
        assertThat(used).hasSize(2);
        Set<Long> pids = used.stream().map(id -> session.executors().get(id)).map(ExecutorInfo::pid)
                .collect(Collectors.toSet());
        assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid(), cluster.pid())
                .containsExactlyInAnyOrderElementsOf(cluster.executorPids());
    }

    @Test
    void aggregatesOverAFilterMatchAPlainJavaComputation() {
        List<Row> rows = sales().filter(col("amount").gt(50).and(col("country").notEqual("US")))
                .withColumn("cents", col("amount").multiply(100))
                .groupBy("product")
                .agg(count("*").as("n"), sum("cents").as("total_cents"), max("amount"), avg("amount"),
                        min("customer_id"))
                .collect();

        Map<String, List<Row>> byProduct = generator.rows()
                .filter(r -> (Double) r.get(4) > 50 && !r.get(2).equals("US"))
                .collect(Collectors.groupingBy(r -> (String) r.get(3)));
        assertThat(rows).hasSize(byProduct.size());
        for (Row row : rows) {
            List<Row> group = byProduct.get((String) row.get(0));
            assertThat(row.get(1)).isEqualTo((long) group.size());
            double cents = group.stream().mapToDouble(r -> (Double) r.get(4) * 100).sum();
            assertThat((Double) row.get(2)).isCloseTo(cents, within(1e-6 * cents));
            assertThat(row.get(3)).isEqualTo(group.stream().mapToDouble(r -> (Double) r.get(4)).max().orElseThrow());
            assertThat((Double) row.get(4)).isCloseTo(
                    group.stream().mapToDouble(r -> (Double) r.get(4)).average().orElseThrow(), within(1e-9));
            assertThat(row.get(5)).isEqualTo(group.stream().mapToLong(r -> (Long) r.get(1)).min().orElseThrow());
        }
    }

    @Test
    void selectAndNotKeepOnlyWhatWasAskedFor() {
        List<Row> rows = sales().where(not(col("country").equalTo("US")).and(col("amount").leq(1.5)))
                .select(col("order_id"), col("amount").plus(1).as("amount_plus_one"))
                .collect();
        List<Row> expected = generator.rows().filter(r -> !r.get(2).equals("US") && (Double) r.get(4) <= 1.5).toList();
        assertThat(rows).hasSize(expected.size()).isNotEmpty();
        assertThat(rows.stream().map(r -> (Long) r.get(0)).sorted().toList())
                .isEqualTo(expected.stream().map(r -> (Long) r.get(0)).sorted().toList());
        assertThat(rows).allSatisfy(r -> assertThat(r.size()).isEqualTo(2));
    }

    @Test
    void inferSchemaReadsTheHeaderAndTypesOfTheFirstFile() {
        DataFrame inferred = session.read().option("header", "true").option("inferSchema", "true")
                .csv("s3://raw/sales/");
        assertThat(inferred.schema().toString()).isEqualTo(
                "[order_id:int, customer_id:int, country:string, product:string, amount:double, ts:timestamp]");
        assertThat(inferred.count()).isEqualTo(ROWS);
    }

    @Test
    void showPrintsATableOfTheFirstRows() {
        shown.reset();
        sales().select("order_id", "country").show(3);
        String table = shown.toString(StandardCharsets.UTF_8);
        assertThat(table.lines().toList()).hasSize(7); // border, header, border, 3 rows, border
        assertThat(table).startsWith("+--------+-------+\n|order_id|country|\n");
        assertThat(table).contains(String.format("|%8d|%7s|", 1, generator.row(0).get(2)));
    }

    @Test
    void explainShowsPlansAndTheStageSplitAtTheShuffle() {
        String explain = sales().filter(col("amount").gt(50)).groupBy("country").count().explainString();
        assertThat(explain).isEqualTo("""
                == Parsed Logical Plan ==
                Aggregate ['country], [count(*) AS count]
                +- Filter ('amount > 50)
                   +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string]

                == Analyzed Logical Plan ==
                Aggregate [country#2], [count(*) AS count]
                +- Filter (amount#4 > 50)
                   +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string]

                == Optimized Logical Plan == (rules applied: PushFiltersIntoScan, PruneColumns)
                Aggregate [country#0], [count(*) AS count]
                +- Relation csv s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)]

                == Physical Plan ==
                HashAggregate(final, keys=[country], functions=[count(*) AS count])
                +- Exchange hashpartitioning([country], 8)
                   +- HashAggregate(partial, keys=[country], functions=[count(*) AS count])
                      +- CsvScan s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)]

                == Stages (2; a new stage starts at each shuffle) ==
                Stage 0 (shuffle map stage): 4 task(s), reads 4 input split(s) of s3://raw/sales/, writes shuffle 0 (8 partitions)
                    CsvScan s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)] -> HashAggregate(partial, keys=[country], functions=[count(*) AS count]) -> ShuffleWrite 0 (Exchange hashpartitioning([country], 8))
                Stage 1 (result stage): 8 task(s), reads shuffle 0 written by stage 0, ends the job
                    ShuffleRead 0 -> HashAggregate(final, keys=[country], functions=[count(*) AS count])
                """);
    }

    @Test
    void unknownColumnFailsBeforeAnyTask() {
        long tasks = session.tasksLaunched();
        assertThatThrownBy(() -> sales().groupBy("contry"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("'contry' does not exist").hasMessageContaining("country, product");
        assertThat(session.tasksLaunched()).isEqualTo(tasks);
    }

    @Test
    void emptyInputPathIsNamed() {
        DataFrame empty = session.read().schema(SalesDataGenerator.schema()).csv("s3://raw/nothing-here/");
        assertThatThrownBy(empty::count).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("s3://raw/nothing-here/");
    }

    @Test
    void malformedRowFailsTheJobWithFileAndLine() throws Exception {
        store.put(S3Path.parse("s3://raw/broken/part-00000.csv"),
                "order_id,customer_id,country,product,amount,ts\n1,2,IN,tea,3.5,2024-01-01T00:00:00Z\n2,3,IN\n"
                        .getBytes(StandardCharsets.UTF_8));
        DataFrame broken = session.read().option("header", "true").option("mode", "FAILFAST")
                .schema(SalesDataGenerator.schema()).csv("s3://raw/broken/");
        assertThatThrownBy(broken::count).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("part-00000.csv").hasMessageContaining("line 3");
    }

    @Test
    void errorIfExistsRefusesAnExistingOutputAndKeepsIt() {
        String out = "s3://curated/keep-me/";
        sales().groupBy("country").count().write().mode("overwrite").csv(out);
        List<ObjectInfo> before = store.list(S3Path.parse(out));
        long tasks = session.tasksLaunched();

        assertThatThrownBy(() -> sales().groupBy("product").count().write().mode("errorifexists").csv(out))
                .hasMessageContaining("s3://curated/keep-me").hasMessageContaining("already exists");
        assertThat(session.tasksLaunched()).isEqualTo(tasks);
        assertThat(store.list(S3Path.parse(out))).isEqualTo(before);
    }
}
