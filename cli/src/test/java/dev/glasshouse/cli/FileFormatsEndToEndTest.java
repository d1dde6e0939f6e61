package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * JSON lines, Parquet, write modes and partitioned output on a real local cluster (two executor JVMs, the embedded
 * S3 server), every answer compared with a plain-Java computation over the generated rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileFormatsEndToEndTest {
    private static final long ROWS = 20_000;
    private static final int FILES = 4;

    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private SalesDataGenerator generator;

    @BeforeAll
    void startCluster() throws Exception {
        Path dataDir = Files.createTempDirectory("glasshouse-formats-e2e-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        generator = new SalesDataGenerator(ROWS, FILES, 11);
        generator.writeTo(store, S3Path.parse("s3://raw/sales/"));
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.shuffle-partitions", 4).getOrCreate();
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

    /** Every generated row as text, columns by name, so column order does not matter. */
    private Set<String> expectedRows() {
        return generator.rows().map(r -> rowText(SalesDataGenerator.schema(), r)).collect(Collectors.toSet());
    }

    private static Set<String> rowsOf(DataFrame frame) {
        Schema schema = frame.schema();
        return frame.collect().stream().map(r -> rowText(schema, r)).collect(Collectors.toSet());
    }

    private static String rowText(Schema schema, Row row) {
        Map<String, Object> byName = new TreeMap<>();
        for (int i = 0; i < schema.size(); i++) byName.put(schema.field(i).name(), row.get(i));
        return byName.toString();
    }

    private Map<String, Long> expectedCountByCountry() {
        return generator.rows().collect(Collectors.groupingBy(r -> (String) r.get(2), TreeMap::new,
                Collectors.counting()));
    }

    private List<String> keysUnder(String path) {
        return store.list(S3Path.parse(path)).stream().map(ObjectInfo::path).map(S3Path::toString).toList();
    }

    @Test
    void jsonAndParquetRoundTripEveryRow() {
        sales().write().mode("overwrite").json("s3://curated/sales_json/");
        sales().write().mode("overwrite").parquet("s3://curated/sales_parquet/");

        DataFrame json = session.read().json("s3://curated/sales_json/");
        DataFrame parquet = session.read().parquet("s3://curated/sales_parquet/");

        assertThat(json.schema()).isEqualTo(Schema.parseDdl(
                "amount double, country string, customer_id long, order_id long, product string, ts string"));
        assertThat(parquet.schema()).isEqualTo(SalesDataGenerator.schema());
        assertThat(rowsOf(json)).isEqualTo(expectedRows());
        assertThat(rowsOf(parquet)).isEqualTo(expectedRows());
        Map<String, Double> expectedSums = generator.rows().collect(Collectors.groupingBy(r -> (String) r.get(2),
                TreeMap::new, Collectors.summingDouble(r -> (Double) r.get(4))));
        Map<String, Double> parquetSums = new TreeMap<>();
        parquet.groupBy("country").agg(sum("amount")).collect()
                .forEach(r -> parquetSums.put((String) r.get(0), (Double) r.get(1)));
        assertThat(parquetSums.keySet()).isEqualTo(expectedSums.keySet());
        parquetSums.forEach((country, total) ->
                assertThat(total).isCloseTo(expectedSums.get(country), within(1e-6)));
    }

    @Test
    void appendTwiceDoublesTheRowsAndKeepsEveryFile() {
        String path = "s3://curated/sales_appended/";
        sales().write().mode("append").json(path);
        int filesAfterFirst = keysUnder(path).size();
        sales().write().mode("append").json(path);

        assertThat(session.read().json(path).count()).isEqualTo(2 * ROWS);
        // The second job adds its part files (one per input split) and rewrites _SUCCESS.
        assertThat(keysUnder(path)).hasSize(2 * filesAfterFirst - 1).contains(path + "_SUCCESS");
    }

    @Test
    void ignoreLeavesAnExistingDestinationUntouchedAndRunsNoTask() {
        String path = "s3://curated/sales_ignored/";
        sales().filter(col("country").equalTo("IN")).write().csv(path);
        List<String> before = keysUnder(path);
        long tasksBefore = session.tasksLaunched();

        sales().write().mode("ignore").csv(path);

        assertThat(session.tasksLaunched()).isEqualTo(tasksBefore);
        assertThat(keysUnder(path)).isEqualTo(before);
    }

    @Test
    void partitionByWritesADirectoryPerCountryAndReadingBackRestoresTheColumn() {
        String path = "s3://curated/sales_by_country_dirs/";
        sales().write().mode("overwrite").partitionBy("country").json(path);

        Set<String> directories = keysUnder(path).stream().filter(k -> !k.endsWith("_SUCCESS"))
                .map(k -> k.substring(path.length(), k.lastIndexOf('/'))).collect(Collectors.toSet());
        assertThat(directories).isEqualTo(expectedCountByCountry().keySet().stream().map(c -> "country=" + c)
                .collect(Collectors.toSet()));

        DataFrame back = session.read().json(path);
        assertThat(back.schema().names()).containsExactly("amount", "customer_id", "order_id", "product", "ts",
                "country");
        assertThat(rowsOf(back)).isEqualTo(expectedRows());
        Map<String, Long> counts = new TreeMap<>();
        back.groupBy("country").count().collect().forEach(r -> counts.put((String) r.get(0), (Long) r.get(1)));
        assertThat(counts).isEqualTo(expectedCountByCountry());
    }
}
