package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-partition sort spills sorted runs when its rows outgrow the task's memory, and merges them stably. */
class ExternalSortTest {
    private static final Schema SCHEMA = Schema.parseDdl("category string, amount long, seq long");
    /** category ascending with nulls first, then amount descending with nulls last. */
    private static final List<SortKey> KEYS = List.of(
            new SortKey(new BoundColumn(0, "category", DataType.STRING), true, true),
            new SortKey(new BoundColumn(1, "amount", DataType.LONG), false, false));

    @TempDir
    Path spillRoot;

    /** Few distinct keys, so many rows tie and stability shows; some nulls in both key columns. */
    private static List<Row> rows(int count) {
        Random random = new Random(7);
        List<Row> rows = new ArrayList<>();
        for (long seq = 0; seq < count; seq++) {
            String category = random.nextInt(10) == 0 ? null : "cat-" + random.nextInt(30);
            Long amount = random.nextInt(12) == 0 ? null : (long) random.nextInt(200);
            rows.add(new Row(category, amount, seq));
        }
        return rows;
    }

    /** The expected order, written independently of RowOrdering; List.sort is stable, so ties keep input order. */
    private static List<Row> sortedInJava(List<Row> rows) {
        Comparator<Row> byCategory = Comparator.comparing(r -> (String) r.get(0),
                Comparator.nullsFirst(Comparator.<String>naturalOrder()));
        Comparator<Row> byAmountDescending = Comparator.comparing(r -> (Long) r.get(1),
                Comparator.nullsLast(Comparator.<Long>reverseOrder()));
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(byCategory.thenComparing(byAmountDescending));
        return sorted;
    }

    @Test
    void aSortBiggerThanItsMemorySpillsAndStillSortsStably() throws Exception {
        List<Row> input = rows(30_000);
        // 1 MB executor: about 300 KB of execution memory, against ~7 MB of buffered rows.
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(1 << 20, spillRoot);
        TaskMetrics metrics = env.run(2, 0, env.shuffle(SCHEMA, input), List.of(new PartitionOperator.Sort(KEYS)),
                SCHEMA);

        assertThat(env.result(2, 0, SCHEMA)).isEqualTo(sortedInJava(input));
        assertThat(metrics.spillBytes()).isPositive();
        assertThat(env.spillFilesLeft()).isEmpty();
    }

    @Test
    void moreRunsThanOneMergeTakesAreMergedInPasses() throws Exception {
        List<Row> input = rows(40_000);
        // 128 KB executor: ~38 KB of execution memory, so well over SpilledRuns.MAX_MERGE_WIDTH runs.
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(128 << 10, spillRoot);
        TaskMetrics metrics = env.run(2, 1, env.shuffle(SCHEMA, input), List.of(new PartitionOperator.Sort(KEYS)),
                SCHEMA);

        assertThat(env.result(2, 1, SCHEMA)).isEqualTo(sortedInJava(input));
        assertThat(metrics.spillBytes()).isPositive();
        assertThat(env.spillFilesLeft()).isEmpty();
    }

    @Test
    void aSortThatFitsDoesNotSpill() throws Exception {
        List<Row> input = rows(2_000);
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(64L << 20, spillRoot);
        TaskMetrics metrics = env.run(2, 2, env.shuffle(SCHEMA, input), List.of(new PartitionOperator.Sort(KEYS)),
                SCHEMA);

        assertThat(env.result(2, 2, SCHEMA)).isEqualTo(sortedInJava(input));
        assertThat(metrics.spillBytes()).isZero();
    }
}
