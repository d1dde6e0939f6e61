package dev.glasshouse.core.exec.spill;

import dev.glasshouse.core.row.Row;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The k-way merge of row streams that are each sorted by a key: one sorted stream, holding one row per source.
 * Rows of equal keys come source by source in list order, so merging the runs of a stable sort is stable. Each
 * row's key is computed once, when the row is read.
 */
public final class SortedMerge implements Iterator<Row> {
    private final Function<Row, Row> keyOf;
    private final PriorityQueue<Cursor> heads;

    /** The current row of one source and its key. */
    private static final class Cursor {
        final int source;
        final Iterator<Row> rows;
        Row row;
        Row key;

        Cursor(int source, Iterator<Row> rows) {
            this.source = source;
            this.rows = rows;
        }
    }

    /**
     * @param keyOf    the sort key of a row
     * @param keyOrder the order of keys
     */
    public SortedMerge(List<? extends Iterator<Row>> sources, Function<Row, Row> keyOf, Comparator<Row> keyOrder) {
        this.keyOf = keyOf;
        Comparator<Cursor> byKey = (a, b) -> keyOrder.compare(a.key, b.key);
        this.heads = new PriorityQueue<>(Math.max(1, sources.size()), byKey.thenComparingInt(c -> c.source));
        for (int i = 0; i < sources.size(); i++) {
            Cursor cursor = new Cursor(i, sources.get(i));
            if (advance(cursor)) heads.add(cursor);
        }
    }

    private boolean advance(Cursor cursor) {
        if (!cursor.rows.hasNext()) return false;
        cursor.row = cursor.rows.next();
        cursor.key = keyOf.apply(cursor.row);
        return true;
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public Row next() {
        Cursor head = heads.poll();
        if (head == null) throw new NoSuchElementException();
        Row row = head.row;
        if (advance(head)) heads.add(head);
        return row;
    }
}
