package dev.glasshouse.core.exec;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The reduce side of a grouping: merges the partial states of each key and finishes them. Groups that outgrow the
 * task's execution memory are spilled as a run of partial rows (keys, then states: the input's own layout) sorted
 * by the hash of the key; at the end every run and the groups still in memory are merged by key hash, so all
 * partial rows of one key arrive together and are combined in a small table of the keys sharing that hash.
 */
final class FinalAggregation {
    private static final Comparator<Row> BY_HASH = Comparator.comparingInt(key -> (Integer) key.get(0));

    private FinalAggregation() {
    }

    static Iterator<Row> run(int keyCount, List<AggregateCall> aggregates, Iterator<Row> input, TaskMemory memory) {
        TaskMemory.Reservation reservation = memory.reserve();
        SpilledRuns runs = new SpilledRuns(memory, "aggregate", row -> new Row(keyHash(row, keyCount)), BY_HASH);
        Map<Row, Object[][]> groups = new LinkedHashMap<>();
        if (keyCount == 0) groups.put(new Row(), HashAggregation.initialStates(aggregates));
        while (input.hasNext()) {
            Row row = input.next();
            Object[] keyValues = new Object[keyCount];
            for (int i = 0; i < keyCount; i++) keyValues[i] = row.get(i);
            Row key = new Row(keyValues);
            Object[][] states = groups.get(key);
            boolean fits = true;
            if (states == null) {
                states = HashAggregation.initialStates(aggregates);
                groups.put(key, states);
                fits = reservation.grow(HashAggregation.groupBytes(key, states));
            }
            HashAggregation.mergeStates(aggregates, states, row, keyCount);
            if (!fits) {
                runs.write(partialRowsByHash(groups, aggregates));
                groups = new LinkedHashMap<>();
                reservation.release();
            }
        }
        if (runs.isEmpty()) return finished(groups, aggregates, reservation);
        Iterator<Row> merged = runs.merge(partialRowsByHash(groups, aggregates));
        return new HashGroupMerge(merged, keyCount, aggregates, reservation);
    }

    /** Arrays.hashCode of the key columns: the same as the hash of the key row in the table. */
    static int keyHash(Row row, int keyCount) {
        int h = 1;
        for (int i = 0; i < keyCount; i++) {
            Object value = row.get(i);
            h = 31 * h + (value == null ? 0 : value.hashCode());
        }
        return h;
    }

    /** The groups as partial rows sorted by key hash; the table is emptied as it is read. */
    private static Iterator<Row> partialRowsByHash(Map<Row, Object[][]> groups, List<AggregateCall> aggregates) {
        List<Map.Entry<Row, Object[][]>> entries = new ArrayList<>(groups.entrySet());
        groups.clear();
        entries.sort(Comparator.comparingInt(entry -> entry.getKey().hashCode()));
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < entries.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Map.Entry<Row, Object[][]> entry = entries.set(next++, null);
                return HashAggregation.toRow(entry.getKey(), entry.getValue(), aggregates, false);
            }
        };
    }

    /** The groups' finished rows; releases the reservation, if given, once they are all read. */
    private static Iterator<Row> finished(Map<Row, Object[][]> groups, List<AggregateCall> aggregates,
                                          TaskMemory.Reservation reservation) {
        Iterator<Map.Entry<Row, Object[][]>> entries = groups.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                if (entries.hasNext()) return true;
                if (reservation != null) reservation.release();
                return false;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                Map.Entry<Row, Object[][]> group = entries.next();
                return HashAggregation.toRow(group.getKey(), group.getValue(), aggregates, true);
            }
        };
    }

    /**
     * Finished rows from partial rows ordered by key hash: the rows of one hash value are merged per key in a
     * small table, then emitted, before the next hash value is read.
     */
    private static final class HashGroupMerge implements Iterator<Row> {
        private final Iterator<Row> partials;
        private final int keyCount;
        private final List<AggregateCall> aggregates;
        private final TaskMemory.Reservation reservation;
        private Row pending;
        private Iterator<Row> ready = java.util.Collections.emptyIterator();

        HashGroupMerge(Iterator<Row> partials, int keyCount, List<AggregateCall> aggregates,
                       TaskMemory.Reservation reservation) {
            this.partials = partials;
            this.keyCount = keyCount;
            this.aggregates = aggregates;
            this.reservation = reservation;
        }

        @Override
        public boolean hasNext() {
            while (!ready.hasNext()) {
                if (pending == null && !partials.hasNext()) {
                    reservation.release();
                    return false;
                }
                Row first = pending != null ? pending : partials.next();
                pending = null;
                int hash = keyHash(first, keyCount);
                Map<Row, Object[][]> sameHash = new LinkedHashMap<>();
                add(sameHash, first);
                while (partials.hasNext()) {
                    Row row = partials.next();
                    if (keyHash(row, keyCount) != hash) {
                        pending = row;
                        break;
                    }
                    add(sameHash, row);
                }
                ready = finished(sameHash, aggregates, null);
            }
            return true;
        }

        private void add(Map<Row, Object[][]> sameHash, Row row) {
            Object[] keyValues = new Object[keyCount];
            for (int i = 0; i < keyCount; i++) keyValues[i] = row.get(i);
            Object[][] states = sameHash.computeIfAbsent(new Row(keyValues),
                    k -> HashAggregation.initialStates(aggregates));
            HashAggregation.mergeStates(aggregates, states, row, keyCount);
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            return ready.next();
        }
    }
}
