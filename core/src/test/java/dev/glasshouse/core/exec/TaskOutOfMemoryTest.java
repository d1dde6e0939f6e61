package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a task that cannot fit says: the stage, the partition, what did not fit and the memory setting behind the
 * limit — the lesson of the skew lab. Its spill files are gone all the same.
 */
class TaskOutOfMemoryTest {
    private static final Schema ORDERS = Schema.parseDdl("order_id long, customer long");
    private static final Schema CUSTOMERS = Schema.parseDdl("cid long, name string");
    private static final Schema JOINED = Schema.parseDdl("order_id long, customer long, cid long, name string");

    @TempDir
    Path spillRoot;

    @Test
    void aJoinKeyWithMoreBuildRowsThanTheTasksMemoryFailsNamingTheKeyAndTheSetting() throws Exception {
        List<Row> orders = new ArrayList<>();
        for (long id = 0; id < 1_000; id++) orders.add(new Row(id, id % 2 == 0 ? 42L : id));
        List<Row> customers = new ArrayList<>();
        // Customer 42 has 6,000 rows, about 1.5 MB in memory; every other customer one row.
        for (int i = 0; i < 6_000; i++) customers.add(new Row(42L, "the same customer, record " + i));
        for (long cid = 100; cid < 2_000; cid++) customers.add(new Row(cid, "customer " + cid));
        // 2 MB executor: 0.6 × 0.5 of it, 614 KB, for the task.
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(2 << 20, spillRoot);
        PartitionOperator.HashJoin join = new PartitionOperator.HashJoin(JoinType.INNER, false, new int[]{1},
                new int[]{0}, null, 2, 2, false, env.shuffle(CUSTOMERS, customers));

        assertThatThrownBy(() -> env.run(3, 5, env.shuffle(ORDERS, orders), List.of(join), JOINED))
                .isInstanceOf(TaskOutOfMemoryException.class)
                .hasMessageStartingWith("stage 3, partition 5: the join's build side holds ")
                .hasMessageContaining(" MB for a single key [cid=42], more than this task's execution memory of "
                        + "614 KB (executor memory 2 MB × glasshouse.executor.memory-fraction 0.6 × "
                        + "(1 − storage-fraction 0.5) / 1 slot). Salt the skewed key or give executors more --memory.");
        assertThat(env.spillFilesLeft()).isEmpty();
    }

    /** User code that asks for a 16 GB array: the JVM refuses with a real OutOfMemoryError, without filling the heap. */
    private static Iterator<Row> allocateTooMuch(Iterator<Row> rows) {
        long[] huge = new long[Integer.MAX_VALUE - 8];
        return List.of(new Row((long) huge.length)).iterator();
    }

    @Test
    void anOutOfMemoryErrorInATaskBecomesATaskFailureNamingStagePartitionAndMemory() throws Exception {
        InMemoryTaskEnvironment env = new InMemoryTaskEnvironment(512L << 20, spillRoot);
        RowsFunction function = TaskOutOfMemoryTest::allocateTooMuch;
        PartitionOperator.UserFunction greedy = new PartitionOperator.UserFunction("mapPartitions",
                UserCode.serialize(function, "mapPartitions"), Schema.parseDdl("n long"));

        assertThatThrownBy(() -> env.run(7, 2, env.shuffle(ORDERS, List.of(new Row(1L, 2L))), List.of(greedy),
                Schema.parseDdl("n long")))
                .isInstanceOf(TaskOutOfMemoryException.class)
                .hasCauseInstanceOf(OutOfMemoryError.class)
                .hasMessageStartingWith("stage 7, partition 2 ran out of memory (")
                .hasMessageContaining("on an executor with 512 MB of memory (--memory); the task could buffer 154 MB"
                        + " of execution memory (executor memory 512 MB × glasshouse.executor.memory-fraction 0.6 × "
                        + "(1 − storage-fraction 0.5) / 1 slot). Give executors more --memory");
    }
}
