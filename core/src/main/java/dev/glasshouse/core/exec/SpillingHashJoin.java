package dev.glasshouse.core.exec;

import dev.glasshouse.core.memory.RowSizes;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A hash join within the task's execution memory. The build side is read into memory; if it all fits, the
 * join is the plain in-memory {@link HashJoinIterator}. Once it outgrows the task's memory the join turns into a
 * {@link GraceHashJoin}: both sides are split by key hash into spill files and joined one pair at a time.
 */
final class SpillingHashJoin {
    private SpillingHashJoin() {
    }

    /**
     * @param buildSchema the build side's columns, to name the key in an error
     */
    static Iterator<Row> open(PartitionOperator.HashJoin join, Iterator<Row> stream, Iterator<Row> build,
                              Schema buildSchema, TaskMemory memory) {
        TaskMemory.Reservation reservation = memory.reserve();
        long overhead = HashJoinIterator.buildRowOverhead(join.leftKeys().length);
        List<Row> rows = new ArrayList<>();
        while (build.hasNext()) {
            Row row = build.next();
            rows.add(row);
            if (!reservation.grow(RowSizes.of(row) + overhead)) {
                return new GraceHashJoin(join, buildSchema, memory).join(rows, reservation, build, stream);
            }
        }
        return new HashJoinIterator(join, stream, rows, reservation::release);
    }
}
