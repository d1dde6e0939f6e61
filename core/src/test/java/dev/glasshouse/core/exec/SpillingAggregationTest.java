package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grouping with more keys than its task's memory holds: the map side flushes partial groups early, the reduce
 * side spills runs sorted by key hash and merges them; the answer is the same as a plain Java computation.
 */
class SpillingAggregationTest {
    private static final Schema INPUT = Schema.parseDdl("customer string, amount long");
    private static final Expression CUSTOMER = new BoundColumn(0, "customer", DataType.STRING);
    private static final Expression AMOUNT = new BoundColumn(1, "amount", DataType.LONG);
    private static final List<AggregateCall> AGGREGATES = List.of(
            new AggregateCall(AggregateFunction.COUNT, null, "n"),
            new AggregateCall(AggregateFunction.SUM, AMOUNT, "total"),
            new AggregateCall(AggregateFunction.MIN, AMOUNT, "smallest"),
            new AggregateCall(AggregateFunction.MAX, AMOUNT, "largest"),
            new AggregateCall(AggregateFunction.AVG, AMOUNT, "mean"));
    /** Keys, then count, sum, min, max, avg's sum and count. */
    private static final Schema PARTIAL =
            Schema.parseDdl("customer string, n long, total long, smallest long, largest long, s double, c long");
    private static final Schema FINAL =
            Schema.parseDdl("customer string, n long, total long, smallest long, largest long, mean double");

    @TempDir
    Path spillRoot;

    /** 60,000 rows over 20,000 customers (and a null customer); some amounts null. */
    private static List<Row> sales() {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            String customer = random.nextInt(500) == 0 ? null : "customer-" + random.nextInt(20_000);
            Long amount = random.nextInt(20) == 0 ? null : (long) random.nextInt(1_000);
            rows.add(new Row(customer, amount));
        }
        return rows;
    }

    /** customer → [count(*), sum, min, max, non-null count], computed directly. */
    private static Map<String, long[]> expected(List<Row> rows) {
        Map<String, long[]> byCustomer = new HashMap<>();
        for (Row row : rows) {
            long[] acc = byCustomer.computeIfAbsent((String) row.get(0),
                    k -> new long[]{0, 0, Long.MAX_VALUE, Long.MIN_VALUE, 0});
            acc[0]++;
            Long amount = (Long) row.get(1);
            if (amount == null) continue;
            acc[1] += amount;
            acc[2] = Math.min(acc[2], amount);
            acc[3] = Math.max(acc[3], amount);
            acc[4]++;
        }
        return byCustomer;
    }

    @Test
    void mapAndReduceSidesOfABigGroupingGiveTheRightAnswerWithinTinyMemory() throws Exception {
        List<Row> input = sales();
        Map<String, long[]> expected = expected(input);
        // 1 MB executors: ~300 KB of execution memory per task, against a few MB of groups.
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(1 << 20, spillRoot);

        TaskMetrics map = env.run(1, 0, env.shuffle(INPUT, input),
                List.of(new PartitionOperator.PartialAggregate(List.of(CUSTOMER), AGGREGATES)), PARTIAL);
        List<Row> partials = env.result(1, 0, PARTIAL);
        // Flushed early, so some customers left the map side in more than one partial row.
        assertThat(partials.size()).isGreaterThan(expected.size());
        assertThat(new HashSet<>(partials.stream().map(r -> r.get(0)).toList())).hasSize(expected.size());
        assertThat(map.spillBytes()).isZero();

        TaskMetrics reduce = env.run(2, 0, env.shuffle(PARTIAL, partials),
                List.of(new PartitionOperator.FinalAggregate(1, AGGREGATES)), FINAL);
        List<Row> result = env.result(2, 0, FINAL);
        assertThat(reduce.spillBytes()).isPositive();
        assertThat(env.spillFilesLeft()).isEmpty();

        assertThat(result).hasSize(expected.size());
        Map<String, Row> byCustomer = new HashMap<>();
        for (Row row : result) assertThat(byCustomer.put((String) row.get(0), row)).as("one row per key").isNull();
        expected.forEach((customer, acc) -> {
            Row row = byCustomer.get(customer);
            assertThat(row).as(customer).isNotNull();
            boolean anyAmount = acc[4] > 0;
            assertThat(Arrays.asList(row.get(1), row.get(2), row.get(3), row.get(4))).as(customer).isEqualTo(
                    Arrays.asList(acc[0], anyAmount ? acc[1] : null, anyAmount ? acc[2] : null,
                            anyAmount ? acc[3] : null));
            assertThat(row.get(5)).as(customer).isEqualTo(anyAmount ? (double) acc[1] / acc[4] : null);
        });
    }

    @Test
    void aGlobalAggregateOfNothingStillGivesOneRow() throws Exception {
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(1 << 20, spillRoot);
        Schema partial = Schema.parseDdl("n long, total long, smallest long, largest long, s double, c long");
        env.run(1, 0, env.shuffle(INPUT, List.of()),
                List.of(new PartitionOperator.PartialAggregate(List.of(), AGGREGATES)), partial);
        List<Row> partials = env.result(1, 0, partial);
        assertThat(partials).containsExactly(new Row(0L, null, null, null, null, 0L));

        Schema global = Schema.parseDdl("n long, total long, smallest long, largest long, mean double");
        env.run(2, 0, env.shuffle(partial, partials),
                List.of(new PartitionOperator.FinalAggregate(0, AGGREGATES)), global);
        assertThat(env.result(2, 0, global)).containsExactly(new Row(0L, null, null, null, null));
    }
}
