package dev.glasshouse.core.exec;

import dev.glasshouse.core.memory.RowSizes;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The sort of one partition (the reduce side of a global sort). Rows are buffered with their key values while
 * the task's execution memory lasts; when it runs out the buffer is sorted and written as a run, and at the end
 * the runs and the last buffer are merged. The sort is stable, in memory and across runs.
 */
final class ExternalSort {
    /** The {@code Row[]{key, row}} pair and its slot in the buffer list. */
    private static final long PAIR_OVERHEAD = 32;

    private ExternalSort() {
    }

    static Iterator<Row> sort(List<SortKey> keys, Iterator<Row> input, TaskMemory memory) {
        RowOrdering ordering = new RowOrdering(keys);
        TaskMemory.Reservation reservation = memory.reserve();
        SpilledRuns runs = new SpilledRuns(memory, "sort", ordering::keyValues, ordering);
        List<Row[]> buffer = new ArrayList<>();
        while (input.hasNext()) {
            Row row = input.next();
            Row key = ordering.keyValues(row);
            buffer.add(new Row[]{key, row});
            if (!reservation.grow(RowSizes.of(row) + RowSizes.of(key) + PAIR_OVERHEAD)) {
                sortBuffer(buffer, ordering);
                runs.write(drain(buffer, null));
                buffer = new ArrayList<>();
                reservation.release();
            }
        }
        sortBuffer(buffer, ordering);
        Iterator<Row> newest = drain(buffer, reservation);
        return runs.isEmpty() ? newest : runs.merge(newest);
    }

    private static void sortBuffer(List<Row[]> buffer, RowOrdering ordering) {
        buffer.sort((a, b) -> ordering.compare(a[0], b[0]));
    }

    /**
     * The buffer's rows in order, each slot cleared once read so the garbage collector can take the rows already
     * passed on; releases the reservation (if any) at the end.
     */
    private static Iterator<Row> drain(List<Row[]> buffer, TaskMemory.Reservation reservation) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                if (next < buffer.size()) return true;
                if (reservation != null) reservation.release();
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Row row = buffer.get(next)[1];
                buffer.set(next++, null);
                return row;
            }
        };
    }
}
