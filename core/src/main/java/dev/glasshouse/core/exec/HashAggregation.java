package dev.glasshouse.core.exec;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.row.Row;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory hash aggregation for both sides of a grouping. The whole input of the partition is consumed before
 * the first output row: aggregation is the one place a partition's keys are held together. (Memory budgeting
 * and spilling come with the memory issue.)
 */
final class HashAggregation {
    private HashAggregation() {
    }

    static Iterator<Row> partial(List<Expression> keys, List<AggregateCall> aggregates, Iterator<Row> input) {
        Map<Row, Object[][]> groups = new LinkedHashMap<>();
        if (keys.isEmpty()) groups.put(new Row(), initialStates(aggregates));
        while (input.hasNext()) {
            Row row = input.next();
            Object[] keyValues = new Object[keys.size()];
            for (int i = 0; i < keyValues.length; i++) keyValues[i] = keys.get(i).eval(row);
            Object[][] states = groups.computeIfAbsent(new Row(keyValues), k -> initialStates(aggregates));
            for (int a = 0; a < aggregates.size(); a++) {
                AggregateCall call = aggregates.get(a);
                Object value = call.argument() == null ? Boolean.TRUE : call.argument().eval(row);
                call.function().update(states[a], value);
            }
        }
        return emit(groups, aggregates, false);
    }

    static Iterator<Row> merge(int keyCount, List<AggregateCall> aggregates, Iterator<Row> input) {
        Map<Row, Object[][]> groups = new LinkedHashMap<>();
        if (keyCount == 0) groups.put(new Row(), initialStates(aggregates));
        while (input.hasNext()) {
            Row row = input.next();
            Object[] keyValues = new Object[keyCount];
            for (int i = 0; i < keyCount; i++) keyValues[i] = row.get(i);
            Object[][] states = groups.computeIfAbsent(new Row(keyValues), k -> initialStates(aggregates));
            int column = keyCount;
            for (int a = 0; a < aggregates.size(); a++) {
                int width = aggregates.get(a).stateTypes().size();
                Object[] partial = new Object[width];
                for (int w = 0; w < width; w++) partial[w] = row.get(column++);
                aggregates.get(a).function().merge(states[a], partial);
            }
        }
        return emit(groups, aggregates, true);
    }

    private static Object[][] initialStates(List<AggregateCall> aggregates) {
        Object[][] states = new Object[aggregates.size()][];
        for (int a = 0; a < states.length; a++) states[a] = aggregates.get(a).function().initialState();
        return states;
    }

    /** Rows of keys followed by either the flattened states (partial) or the finished values (final). */
    private static Iterator<Row> emit(Map<Row, Object[][]> groups, List<AggregateCall> aggregates, boolean finish) {
        List<Row> out = new ArrayList<>(groups.size());
        for (Map.Entry<Row, Object[][]> group : groups.entrySet()) {
            List<Object> values = new ArrayList<>(group.getKey().toList());
            Object[][] states = group.getValue();
            for (int a = 0; a < aggregates.size(); a++) {
                if (finish) {
                    values.add(aggregates.get(a).function().finish(states[a]));
                } else {
                    for (Object s : states[a]) values.add(s);
                }
            }
            out.add(Row.of(values));
        }
        return out.iterator();
    }
}
