package dev.glasshouse.core.exec;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.memory.RowSizes;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Hash aggregation for both sides of a grouping, within the task's execution memory.
 *
 * <p>Map side ({@link #partial}): when the groups no longer fit, they are emitted downstream as they are and the
 * table starts afresh, so a key may leave one map task in several partial rows; the reduce side merges them
 * anyway (Spark does the same). Reduce side ({@link #merge}): when the groups no longer fit, they are written to
 * disk as a run sorted by key hash; at the end the runs are merged and the rows of equal hash combined. Either
 * way a grouping without keys has one group, always emitted, even for an empty partition.
 */
final class HashAggregation {
    /** A LinkedHashMap entry, its table slot and the group's state arrays, beyond the key and the state values. */
    static final long GROUP_OVERHEAD = 64;

    private HashAggregation() {
    }

    static Iterator<Row> partial(List<Expression> keys, List<AggregateCall> aggregates, Iterator<Row> input,
                                 TaskMemory memory) {
        return new PartialAggregation(keys, aggregates, input, memory.reserve());
    }

    static Iterator<Row> merge(int keyCount, List<AggregateCall> aggregates, Iterator<Row> input, TaskMemory memory) {
        return FinalAggregation.run(keyCount, aggregates, input, memory);
    }

    static Object[][] initialStates(List<AggregateCall> aggregates) {
        Object[][] states = new Object[aggregates.size()][];
        for (int a = 0; a < states.length; a++) states[a] = aggregates.get(a).function().initialState();
        return states;
    }

    /** Heap bytes a new group holds in a hash table. */
    static long groupBytes(Row key, Object[][] states) {
        return RowSizes.of(key) + RowSizes.ofValue(states) + GROUP_OVERHEAD;
    }

    /** Folds the partial states of a row (keys, then each aggregate's state columns) into a group's states. */
    static void mergeStates(List<AggregateCall> aggregates, Object[][] states, Row row, int keyCount) {
        int column = keyCount;
        for (int a = 0; a < aggregates.size(); a++) {
            int width = aggregates.get(a).stateTypes().size();
            Object[] partial = new Object[width];
            for (int w = 0; w < width; w++) partial[w] = row.get(column++);
            aggregates.get(a).function().merge(states[a], partial);
        }
    }

    /** A row of the keys followed by either the flattened states (partial) or the finished values (final). */
    static Row toRow(Row key, Object[][] states, List<AggregateCall> aggregates, boolean finish) {
        List<Object> values = new ArrayList<>(key.toList());
        for (int a = 0; a < aggregates.size(); a++) {
            if (finish) {
                values.add(aggregates.get(a).function().finish(states[a]));
            } else {
                for (Object s : states[a]) values.add(s);
            }
        }
        return Row.of(values);
    }

    /** The map side: groups rows into partial states, flushing the groups downstream whenever they outgrow memory. */
    private static final class PartialAggregation implements Iterator<Row> {
        private final List<Expression> keys;
        private final List<AggregateCall> aggregates;
        private final Iterator<Row> input;
        private final TaskMemory.Reservation reservation;
        private Map<Row, Object[][]> groups;
        private Iterator<Map.Entry<Row, Object[][]>> emitting;
        private boolean started;

        PartialAggregation(List<Expression> keys, List<AggregateCall> aggregates, Iterator<Row> input,
                           TaskMemory.Reservation reservation) {
            this.keys = keys;
            this.aggregates = aggregates;
            this.input = input;
            this.reservation = reservation;
        }

        @Override
        public boolean hasNext() {
            while (emitting == null || !emitting.hasNext()) {
                if (emitting != null) {
                    groups = null;
                    reservation.release();
                }
                // The first fill always emits (a global aggregate's one row, even over nothing); later ones need input.
                if (started && !input.hasNext()) {
                    emitting = null;
                    return false;
                }
                started = true;
                emitting = fill().entrySet().iterator();
            }
            return true;
        }

        /** Groups input rows until they no longer fit or the input ends. */
        private Map<Row, Object[][]> fill() {
            groups = new LinkedHashMap<>();
            if (keys.isEmpty()) groups.put(new Row(), initialStates(aggregates));
            boolean fits = true;
            while (fits && input.hasNext()) {
                Row row = input.next();
                Object[] keyValues = new Object[keys.size()];
                for (int i = 0; i < keyValues.length; i++) keyValues[i] = keys.get(i).eval(row);
                Row key = new Row(keyValues);
                Object[][] states = groups.get(key);
                if (states == null) {
                    states = initialStates(aggregates);
                    groups.put(key, states);
                    fits = reservation.grow(groupBytes(key, states));
                }
                for (int a = 0; a < aggregates.size(); a++) {
                    AggregateCall call = aggregates.get(a);
                    Object value = call.argument() == null ? Boolean.TRUE : call.argument().eval(row);
                    call.function().update(states[a], value);
                }
            }
            return groups;
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            Map.Entry<Row, Object[][]> group = emitting.next();
            return toRow(group.getKey(), group.getValue(), aggregates, false);
        }
    }
}
