package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Typed transformations (Java lambdas shipped to the executors), sample, dropDuplicates on columns and joins with
 * qualified column names, on a real local cluster with two executor JVMs, each checked against the same answer
 * computed in plain Java. Sales: 6,000 generated rows in 2 files (so 2 scan tasks); customers: every tenth id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedTransformationsEndToEndTest {
    private static final String MARKERS = "s3://raw/foreach-markers/";

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private final SalesDataGenerator generator = new SalesDataGenerator(6_000, 2, 5);
    private List<Row> sales;
    private final Map<Long, String> customerCountry = new HashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-typed-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        generator.writeTo(store, S3Path.parse("s3://raw/sales/"));
        sales = generator.rows().toList();
        StringBuilder csv = new StringBuilder("customer_id,country\n");
        for (long id = 10; id <= 100_000; id += 10) {
            customerCountry.put(id, "C" + (id % 7));
            csv.append(id).append(",C").append(id % 7).append('\n');
        }
        store.put(S3Path.parse("s3://raw/customers/customers.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.shuffle-partitions", 3).getOrCreate();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (session != null) session.close();
        if (store != null) store.close();
        if (cluster != null) cluster.close();
    }

    private DataFrame sales() {
        return session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv("s3://raw/sales/");
    }

    @Test
    void mapFlatMapAndFilterRunTheLambdasOnTheExecutors() {
        List<Row> mapped = sales().map(r -> new Row(r.get(0), (Double) r.get(4) * 2), "order_id long, doubled double")
                .collect();
        assertThat(mapped).containsExactlyInAnyOrderElementsOf(
                sales.stream().map(r -> new Row(r.get(0), (Double) r.get(4) * 2)).toList());

        List<Row> flattened = sales().flatMap(r -> {
            List<Row> copies = new ArrayList<>();
            for (long i = 0; i < (Long) r.get(0) % 3; i++) copies.add(new Row(r.get(0), i));
            return copies;
        }, "order_id long, copy long").collect();
        List<Row> expectedCopies = new ArrayList<>();
        for (Row r : sales) for (long i = 0; i < (Long) r.get(0) % 3; i++) expectedCopies.add(new Row(r.get(0), i));
        assertThat(flattened).containsExactlyInAnyOrderElementsOf(expectedCopies);

        Set<Object> big = sales().filter((Row r) -> (Double) r.get(4) > 400).collect().stream()
                .map(r -> r.get(0)).collect(Collectors.toSet());
        assertThat(big).isEqualTo(sales.stream().filter(r -> (Double) r.get(4) > 400).map(r -> r.get(0))
                .collect(Collectors.toSet()));
    }

    @Test
    void mapPartitionsSeesEachScanPartitionWhole() {
        List<Row> counts = sales().mapPartitions((Iterator<Row> rows) -> {
            long n = 0;
            while (rows.hasNext()) {
                rows.next();
                n++;
            }
            return List.of(new Row(n)).iterator();
        }, Schema.parseDdl("rows long")).collect();
        assertThat(counts.stream().map(r -> (Long) r.get(0)).toList())
                .containsExactlyInAnyOrder(generator.firstRow(1), generator.rowCount() - generator.firstRow(1));
    }

    @Test
    void foreachRunsOnTheExecutorsWhichWriteAMarkerPerRowToS3() throws Exception {
        long driverPid = ProcessHandle.current().pid();
        sales().where(col("order_id").lt(21)).foreach(r -> {
            // Runs in an executor JVM: its own object store, from the executor's configuration.
            try (ObjectStore executorStore = new ObjectStore(S3Settings.fromConfig(ConfigFactory.load()))) {
                executorStore.put(S3Path.parse(MARKERS + r.get(0)),
                        String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8));
            }
        });
        List<ObjectInfo> markers = store.list(S3Path.parse(MARKERS));
        assertThat(markers).hasSize(20);
        Set<String> writers = new HashSet<>();
        for (ObjectInfo marker : markers) {
            try (InputStream in = store.open(marker.path())) {
                writers.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(writers).isNotEmpty().doesNotContain(String.valueOf(driverPid));
    }

    @Test
    void sampleIsRepeatableForASeedAndKeepsAboutTheFraction() {
        List<Object> first = sales().sample(0.1, 42).collect().stream().map(r -> r.get(0)).toList();
        List<Object> again = sales().sample(0.1, 42).collect().stream().map(r -> r.get(0)).toList();
        assertThat(again).containsExactlyInAnyOrderElementsOf(first);
        assertThat(first.size()).isBetween(450, 750);
        assertThat(new HashSet<>(first)).hasSize(first.size());
    }

    @Test
    void dropDuplicatesOnAColumnKeepsOneRealRowPerValue() {
        List<Row> perCountry = sales().dropDuplicates("country").collect();
        Set<String> countries = sales.stream().map(r -> (String) r.get(2)).collect(Collectors.toSet());
        assertThat(perCountry.stream().map(r -> (String) r.get(2)).toList())
                .containsExactlyInAnyOrderElementsOf(countries);
        assertThat(new HashSet<>(sales)).containsAll(perCountry);
    }

    @Test
    void qualifiedColumnsPickTheirSideOfAJoin() {
        DataFrame customers = session.read().option("header", "true")
                .schema(Schema.parseDdl("customer_id long, country string")).csv("s3://raw/customers/");
        List<Row> joined = sales().as("s")
                .join(customers.as("c"), col("s.customer_id").equalTo(col("c.customer_id")))
                .where(col("c.country").equalTo("C3"))
                .select(col("s.order_id"), col("s.country"), col("c.country").as("customer_country"))
                .collect();
        List<Row> expected = sales.stream()
                .filter(r -> "C3".equals(customerCountry.get((Long) r.get(1))))
                .map(r -> new Row(r.get(0), r.get(2), "C3")).toList();
        assertThat(expected).isNotEmpty();
        assertThat(joined).containsExactlyInAnyOrderElementsOf(expected);
    }
}
