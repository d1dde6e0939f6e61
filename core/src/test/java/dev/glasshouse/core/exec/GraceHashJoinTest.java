package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hash join whose build side is many times the task's memory turns into a grace hash join; every join type
 * still gives exactly the rows a plain Java join gives, null keys and duplicate keys included.
 */
class GraceHashJoinTest {
    private static final Schema ORDERS = Schema.parseDdl("order_id long, customer long, amount long");
    private static final Schema CUSTOMERS = Schema.parseDdl("cid long, name string, threshold long");
    private static final Schema JOINED = Schema.parseDdl(
            "order_id long, customer long, amount long, cid long, name string, threshold long");
    private static final Schema ORDERS_ONLY = ORDERS;

    @TempDir
    Path spillRoot;

    private final List<Row> orders = new ArrayList<>();
    private final List<Row> customers = new ArrayList<>();

    GraceHashJoinTest() {
        Random random = new Random(11);
        for (long id = 0; id < 30_000; id++) {
            Long customer = random.nextInt(50) == 0 ? null : (long) random.nextInt(10_000);
            orders.add(new Row(id, customer, (long) random.nextInt(100)));
        }
        // Customers 0..7999 appear 1-4 times each (duplicate keys); 8000..9999 never: orders for them match nothing.
        // Customer 777 is heavy: 1,500 rows, about a third of the task's memory on its own.
        for (long cid = 0; cid < 8_000; cid++) {
            int copies = cid == 777 ? 1_500 : 1 + random.nextInt(4);
            for (int c = 0; c < copies; c++) {
                customers.add(new Row(cid, "customer " + cid + " #" + c, (long) random.nextInt(100)));
            }
        }
        for (int i = 0; i < 300; i++) customers.add(new Row(null, "no id " + i, 0L));
        for (long cid = 20_000; cid < 21_000; cid++) customers.add(new Row(cid, "no orders", 0L));
    }

    /** The join computed with a plain map from key to customers; condition: amount > threshold, if asked. */
    private List<Row> expected(JoinType type, boolean withCondition) {
        Map<Long, List<Row>> byId = new HashMap<>();
        for (Row c : customers) {
            if (c.get(0) != null) byId.computeIfAbsent((Long) c.get(0), k -> new ArrayList<>()).add(c);
        }
        List<Row> out = new ArrayList<>();
        java.util.Set<Row> matchedCustomers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Row o : orders) {
            List<Row> candidates = o.get(1) == null ? List.of() : byId.getOrDefault((Long) o.get(1), List.of());
            boolean matched = false;
            for (Row c : candidates) {
                if (withCondition && !((Long) o.get(2) > (Long) c.get(2))) continue;
                matched = true;
                matchedCustomers.add(c);
                if (type != JoinType.LEFT_SEMI && type != JoinType.LEFT_ANTI) out.add(joined(o, c));
            }
            if (type == JoinType.LEFT_SEMI && matched) out.add(o);
            if (type == JoinType.LEFT_ANTI && !matched) out.add(o);
            if (!matched && (type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER)) out.add(joined(o, null));
        }
        if (type == JoinType.RIGHT_OUTER || type == JoinType.FULL_OUTER) {
            for (Row c : customers) if (!matchedCustomers.contains(c)) out.add(joined(null, c));
        }
        return out;
    }

    /** Rows as a multiset: each distinct row and how often it occurs (order does not matter in a join). */
    private static Map<Row, Long> counted(List<Row> rows) {
        Map<Row, Long> counts = new HashMap<>();
        for (Row row : rows) counts.merge(row, 1L, Long::sum);
        return counts;
    }

    private static Row joined(Row order, Row customer) {
        Object[] values = new Object[6];
        for (int i = 0; i < 3; i++) {
            values[i] = order == null ? null : order.get(i);
            values[3 + i] = customer == null ? null : customer.get(i);
        }
        return new Row(values);
    }

    private List<Row> run(JoinType type, boolean buildLeft, Expression condition, long heapBytes,
                          TaskMetrics[] metrics) throws Exception {
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(heapBytes, spillRoot);
        PartitionSource orderRows = env.shuffle(ORDERS, orders);
        PartitionSource customerRows = env.shuffle(CUSTOMERS, customers);
        PartitionOperator.HashJoin join = new PartitionOperator.HashJoin(type, buildLeft, new int[]{1},
                new int[]{0}, condition, 3, 3, false, buildLeft ? orderRows : customerRows);
        Schema output = type.leftOnly() ? ORDERS_ONLY : JOINED;
        metrics[0] = env.run(4, 0, buildLeft ? customerRows : orderRows, List.of(join), output);
        assertThat(env.spillFilesLeft()).isEmpty();
        return env.result(4, 0, output);
    }

    @Test
    void everyJoinTypeIsRightWhenTheBuildSideSpills() throws Exception {
        for (JoinType type : JoinType.values()) {
            TaskMetrics[] metrics = new TaskMetrics[1];
            // 2 MB executor: ~600 KB of execution memory, against ~4 MB of customers on the build side.
            List<Row> rows = run(type, false, null, 2 << 20, metrics);
            assertThat(counted(rows)).as(type.name()).isEqualTo(counted(expected(type, false)));
            assertThat(metrics[0].spillBytes()).as(type.name()).isPositive();
        }
    }

    @Test
    void aLeftBuildSideSpillsToo() throws Exception {
        for (JoinType type : List.of(JoinType.INNER, JoinType.LEFT_OUTER, JoinType.RIGHT_OUTER, JoinType.FULL_OUTER)) {
            TaskMetrics[] metrics = new TaskMetrics[1];
            // The orders (~3 MB as a build side) against ~600 KB.
            List<Row> rows = run(type, true, null, 2 << 20, metrics);
            assertThat(counted(rows)).as(type.name()).isEqualTo(counted(expected(type, false)));
            assertThat(metrics[0].spillBytes()).as(type.name()).isPositive();
        }
    }

    @Test
    void anExtraConditionOnMatchedPairsHoldsAcrossSpilledPairs() throws Exception {
        Expression amountOverThreshold = new Comparison(Comparison.Op.GT,
                new BoundColumn(2, "amount", DataType.LONG), new BoundColumn(5, "threshold", DataType.LONG));
        for (JoinType type : List.of(JoinType.INNER, JoinType.FULL_OUTER, JoinType.LEFT_ANTI)) {
            TaskMetrics[] metrics = new TaskMetrics[1];
            List<Row> rows = run(type, false, amountOverThreshold, 2 << 20, metrics);
            assertThat(counted(rows)).as(type.name()).isEqualTo(counted(expected(type, true)));
            assertThat(metrics[0].spillBytes()).as(type.name()).isPositive();
        }
    }

    @Test
    void twoHeavyKeysSharingABucketAreSplitApartInsteadOfFailing() throws Exception {
        // Customers 5 and a partner key that falls in the same first-level bucket (but not the same second-level
        // one) hold ~400 KB each: together too much for ~600 KB, each alone fine.
        long partner = 6;
        while (GraceHashJoin.bucket(new Row(partner), 0) != GraceHashJoin.bucket(new Row(5L), 0)
                || GraceHashJoin.bucket(new Row(partner), 1) == GraceHashJoin.bucket(new Row(5L), 1)) {
            partner++;
        }
        customers.clear();
        orders.clear();
        for (long key : new long[]{5, partner}) {
            for (int c = 0; c < 1_500; c++) customers.add(new Row(key, "heavy customer " + key + " #" + c, 50L));
            orders.add(new Row(key, key, 60L));
        }
        for (long cid = 10_000; cid < 10_200; cid++) customers.add(new Row(cid, "customer " + cid, 0L));
        for (long id = 0; id < 300; id++) orders.add(new Row(1_000 + id, 10_000 + id, 1L));

        TaskMetrics[] metrics = new TaskMetrics[1];
        List<Row> rows = run(JoinType.FULL_OUTER, false, null, 2 << 20, metrics);
        assertThat(counted(rows)).isEqualTo(counted(expected(JoinType.FULL_OUTER, false)));
        assertThat(rows).filteredOn(r -> r.get(3) != null && (Long) r.get(3) < 10_000).hasSize(3_000);
        assertThat(metrics[0].spillBytes()).isPositive();
    }

    @Test
    void aBuildSideThatFitsStaysInMemory() throws Exception {
        TaskMetrics[] metrics = new TaskMetrics[1];
        List<Row> rows = run(JoinType.FULL_OUTER, false, null, 256L << 20, metrics);
        assertThat(counted(rows)).isEqualTo(counted(expected(JoinType.FULL_OUTER, false)));
        assertThat(metrics[0].spillBytes()).isZero();
    }
}
