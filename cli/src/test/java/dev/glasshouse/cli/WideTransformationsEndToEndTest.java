package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.avg;
import static dev.glasshouse.driver.functions.count;
import static dev.glasshouse.driver.functions.countDistinct;
import static dev.glasshouse.driver.functions.max;
import static dev.glasshouse.driver.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.scheduler.JobResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Joins, sorts, distinct, union, limit and repartitioning on a real local cluster (two executor JVMs), each
 * checked against the same answer computed in plain Java. Sales: 20,000 generated rows in 2 files; customers: a
 * CSV written here, with ids that match some sales, ids that match none, and null segments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideTransformationsEndToEndTest {
    private static final Schema CUSTOMERS = Schema.parseDdl("cid long, segment string");

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private ObjectStore store;
    private SalesDataGenerator generator;
    private final List<Row> customers = new ArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-wide-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        store = new ObjectStore(S3Settings.fromConfig(config));
        generator = new SalesDataGenerator(20_000, 2, 11);
        generator.writeTo(store, S3Path.parse("s3://raw/sales/"));
        StringBuilder csv = new StringBuilder("cid,segment\n");
        for (long id = 1; id <= 6000; id++) {
            if (id % 3 == 0) continue;
            String segment = id % 7 == 0 ? null : (id % 2 == 0 ? "retail" : "wholesale");
            customers.add(new Row(id, segment));
            csv.append(id).append(',').append(segment == null ? "" : segment).append('\n');
        }
        for (long id = 500_001; id <= 500_010; id++) {
            customers.add(new Row(id, "new"));
            csv.append(id).append(",new\n");
        }
        store.put(S3Path.parse("s3://raw/customers/customers.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
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

    private DataFrame customers() {
        return session.read().option("header", "true").schema(CUSTOMERS).csv("s3://raw/customers/");
    }

    /** (order_id, cid) of every output row; nulls where a side was padded. */
    private static Set<List<Object>> pairs(List<Row> rows, int orderColumn, int cidColumn) {
        return rows.stream().map(r -> java.util.Arrays.asList(r.get(orderColumn), r.get(cidColumn)))
                .collect(Collectors.toSet());
    }

    private Set<List<Object>> expectedPairs(String type) {
        Map<Long, Row> byId = new HashMap<>();
        customers.forEach(c -> byId.put((Long) c.get(0), c));
        Set<Long> soldTo = new HashSet<>();
        Set<List<Object>> out = new HashSet<>();
        generator.rows().forEach(s -> {
            Long customer = (Long) s.get(1);
            boolean matched = byId.containsKey(customer);
            if (matched) soldTo.add(customer);
            switch (type) {
                case "inner", "right" -> {
                    if (matched) out.add(java.util.Arrays.asList(s.get(0), customer));
                }
                case "left", "full" -> out.add(java.util.Arrays.asList(s.get(0), matched ? customer : null));
                case "semi" -> {
                    if (matched) out.add(java.util.Arrays.asList(s.get(0), null));
                }
                case "anti" -> {
                    if (!matched) out.add(java.util.Arrays.asList(s.get(0), null));
                }
                default -> throw new IllegalArgumentException(type);
            }
        });
        if (type.equals("right") || type.equals("full")) {
            for (Row c : customers) {
                if (!soldTo.contains((Long) c.get(0))) out.add(java.util.Arrays.asList(null, c.get(0)));
            }
        }
        return out;
    }

    private void checkJoinTypes(List<String> types) {
        for (String type : types) {
            List<Row> rows = sales().select("order_id", "customer_id")
                    .join(customers(), col("customer_id").equalTo(col("cid")), type).collect();
            boolean leftOnly = type.equals("semi") || type.equals("anti");
            Set<List<Object>> actual = leftOnly ? rows.stream()
                    .map(r -> java.util.Arrays.asList(r.get(0), (Object) null)).collect(Collectors.toSet())
                    : pairs(rows, 0, 2);
            assertThat(actual).as(type + " join").isEqualTo(expectedPairs(type));
            assertThat(rows).as(type + " join has no duplicate rows").hasSize(actual.size());
        }
    }

    @Test
    void everyJoinTypeMatchesPlainJavaBroadcastAndShuffled() {
        // Full outer joins are never broadcast; the shuffled run covers it and each kind of unmatched-row tracking.
        checkJoinTypes(List.of("inner", "left", "right", "semi", "anti"));
        session.setConf("glasshouse.driver.auto-broadcast-join-threshold", -1);
        try {
            checkJoinTypes(List.of("left", "right", "full", "semi"));
        } finally {
            session.setConf("glasshouse.driver.auto-broadcast-join-threshold", "10m");
        }
    }

    @Test
    void broadcastJoinIsChosenForTheSmallSideAndRunsFewerStages() {
        DataFrame joined = sales().join(customers(), col("customer_id").equalTo(col("cid"))
                .and(col("amount").gt(50)));
        assertThat(joined.explainString()).contains("BroadcastHashJoin inner").doesNotContain("ShuffledHashJoin");
        long broadcastRows = joined.count();
        JobResult broadcast = last();

        session.setConf("glasshouse.driver.auto-broadcast-join-threshold", -1);
        try {
            DataFrame shuffled = sales().join(customers(), col("customer_id").equalTo(col("cid"))
                    .and(col("amount").gt(50)));
            assertThat(shuffled.explainString()).contains("ShuffledHashJoin inner");
            assertThat(shuffled.count()).isEqualTo(broadcastRows);
            assertThat(broadcast.stages().size()).isLessThan(last().stages().size());
        } finally {
            session.setConf("glasshouse.driver.auto-broadcast-join-threshold", "10m");
        }
        Set<Long> ids = customers.stream().map(c -> (Long) c.get(0)).collect(Collectors.toSet());
        assertThat(broadcastRows).isEqualTo(generator.rows()
                .filter(s -> ids.contains((Long) s.get(1)) && (Double) s.get(4) > 50).count());
    }

    @Test
    void usingColumnJoinKeepsTheKeyOnceAndAmbiguousNamesAreRefused() {
        DataFrame renamed = customers().withColumnRenamed("cid", "customer_id");
        DataFrame joined = sales().join(renamed, List.of("customer_id"), "full");
        assertThat(joined.columns()).containsExactly("customer_id", "order_id", "country", "product", "amount", "ts",
                "segment");
        List<Row> rows = joined.collect();
        assertThat(rows).noneMatch(r -> r.get(0) == null);
        // The merged key is the customer id of every sale, and the id of every customer without sales.
        Set<List<Object>> expected = generator.rows().map(r -> java.util.Arrays.asList(r.get(0), r.get(1)))
                .collect(Collectors.toSet());
        expectedPairs("full").stream().filter(p -> p.get(0) == null).forEach(expected::add);
        assertThat(pairs(rows, 1, 0)).isEqualTo(expected);

        assertThatThrownBy(() -> sales().join(renamed, col("customer_id").equalTo(col("customer_id"))))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("column 'customer_id' is ambiguous")
                .hasMessageContaining("withColumnRenamed");
    }

    @Test
    void orderByGivesGlobalOrderWithSparkNullPlacementAfterASamplingJob() {
        int jobsBefore = session.completedJobs().size();
        List<Row> rows = customers().orderBy(col("segment").asc(), col("cid").desc()).collect();
        assertThat(session.completedJobs().size() - jobsBefore).as("a sampling job, then the sort").isEqualTo(2);
        Comparator<Row> expected = Comparator.comparing((Row r) -> (String) r.get(1),
                Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing((Row r) -> (Long) r.get(0), Comparator.reverseOrder());
        assertThat(rows).isEqualTo(customers.stream().sorted(expected).toList());

        List<Row> descending = customers().orderBy(col("segment").desc()).collect();
        assertThat(descending.get(descending.size() - 1).get(1)).as("desc puts nulls last").isNull();
        assertThat(descending.get(0).get(1)).isEqualTo("wholesale");

        List<Double> amounts = sales().orderBy(col("amount").desc()).select("amount").collect().stream()
                .map(r -> (Double) r.get(0)).toList();
        assertThat(amounts).isEqualTo(generator.rows().map(r -> (Double) r.get(4))
                .sorted(Comparator.reverseOrder()).toList());
        assertThat(sales().orderBy("order_id").first().get(0)).isEqualTo(1L);
    }

    @Test
    void distinctAndCountDistinctMatchPlainJava() {
        Set<List<Object>> expected = generator.rows().map(r -> List.of(r.get(2), r.get(3))).collect(Collectors.toSet());
        List<Row> rows = sales().select("country", "product").distinct().collect();
        assertThat(rows.stream().map(Row::toList).collect(Collectors.toSet())).isEqualTo(expected);
        assertThat(rows).hasSize(expected.size());

        Map<String, Long> distinctCustomers = generator.rows().collect(Collectors.groupingBy(r -> (String) r.get(2),
                Collectors.collectingAndThen(Collectors.mapping(r -> r.get(1), Collectors.toSet()),
                        s -> (long) s.size())));
        Map<String, Long> actual = new HashMap<>();
        for (Row row : sales().groupBy("country").agg(countDistinct("customer_id")).collect()) {
            actual.put((String) row.get(0), (Long) row.get(1));
        }
        assertThat(actual).isEqualTo(distinctCustomers);
    }

    @Test
    void countDistinctMixesWithOtherAggregates() {
        Map<String, List<Row>> byCountry = generator.rows().collect(Collectors.groupingBy(r -> (String) r.get(2)));
        List<Row> rows = sales().groupBy("country")
                .agg(count("*").as("n"), countDistinct("product").as("products"), avg("amount").as("mean"),
                        max("amount").as("top"), sum("customer_id").as("ids"))
                .collect();
        assertThat(rows).hasSize(byCountry.size());
        for (Row row : rows) {
            List<Row> group = byCountry.get((String) row.get(0));
            assertThat(row.get(1)).isEqualTo((long) group.size());
            assertThat(row.get(2)).isEqualTo(group.stream().map(r -> r.get(3)).distinct().count());
            assertThat((Double) row.get(3)).isCloseTo(
                    group.stream().mapToDouble(r -> (Double) r.get(4)).average().orElseThrow(), within(1e-9));
            assertThat(row.get(4)).isEqualTo(group.stream().mapToDouble(r -> (Double) r.get(4)).max().orElseThrow());
            assertThat(row.get(5)).isEqualTo(group.stream().mapToLong(r -> (Long) r.get(1)).sum());
        }
        // A global count over nothing is 0 even when it is computed through the distinct path.
        Row none = sales().filter(col("amount").lt(0)).groupBy(new String[0])
                .agg(count("*").as("n"), countDistinct("product").as("products")).collect().get(0);
        assertThat(none.get(0)).isEqualTo(0L);
        assertThat(none.get(1)).isEqualTo(0L);
    }

    @Test
    void unionLimitDropRepartitionAndCoalesce() {
        DataFrame twice = customers().union(customers().filter(col("segment").equalTo("new")));
        assertThat(twice.count()).isEqualTo(customers.size() + 10L);
        assertThatThrownBy(() -> customers().union(sales()))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("left is [cid:long, segment:string]")
                .hasMessageContaining("right is [order_id:long");

        List<Row> limited = sales().filter(col("amount").gt(10)).limit(7).collect();
        assertThat(limited).hasSize(7).allSatisfy(r -> assertThat((Double) r.get(4)).isGreaterThan(10));

        assertThat(sales().drop("ts", "product").columns()).containsExactly("order_id", "customer_id", "country",
                "amount");

        assertThat(sales().repartition(3).count()).isEqualTo(20_000);
        assertThat(last().stages().get(1).partitions()).as("the round-robin shuffle's reduce side").isEqualTo(3);

        List<Row> byCountry = sales().repartition(5, col("country")).select("country").collect();
        assertThat(byCountry).hasSize(20_000);
        assertThat(last().stages().get(1).partitions()).isEqualTo(5);

        List<Row> coalesced = sales().coalesce(1).select("order_id").collect();
        assertThat(last().stages()).singleElement().satisfies(s -> assertThat(s.partitions()).isEqualTo(1));
        assertThat(coalesced.stream().map(r -> (Long) r.get(0)).filter(Objects::nonNull).distinct().count())
                .isEqualTo(20_000);
    }

    private JobResult last() {
        List<JobResult> jobs = session.completedJobs();
        return jobs.get(jobs.size() - 1);
    }
}
