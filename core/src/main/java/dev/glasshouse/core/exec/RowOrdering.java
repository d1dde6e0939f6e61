package dev.glasshouse.core.exec;

import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.row.Row;
import java.util.Comparator;
import java.util.List;

/**
 * Orders rows of sort-key values (one value per {@link SortKey}, already evaluated), honouring each key's
 * direction and null placement. The range partitioner and the per-partition sort use the same ordering, so a
 * partition's rows always fall between its bounds.
 */
public final class RowOrdering implements Comparator<Row> {
    private final List<SortKey> keys;

    public RowOrdering(List<SortKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The key values of an input row, in key order. */
    public Row keyValues(Row row) {
        Object[] values = new Object[keys.size()];
        for (int i = 0; i < values.length; i++) values[i] = keys.get(i).expression().eval(row);
        return new Row(values);
    }

    @Override
    public int compare(Row a, Row b) {
        for (int i = 0; i < keys.size(); i++) {
            SortKey key = keys.get(i);
            Object x = a.get(i);
            Object y = b.get(i);
            int c;
            if (x == null || y == null) {
                if (x == y) continue;
                // Null placement does not flip with the direction: it is stated on its own.
                c = (x == null) == key.nullsFirst() ? -1 : 1;
                return c;
            }
            c = Comparison.compare(x, y);
            if (c != 0) return key.ascending() ? c : -c;
        }
        return 0;
    }
}
