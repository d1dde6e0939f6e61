package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/** The rows of an iterator that pass a predicate, pulled one at a time. */
final class FilteringIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final Predicate<Row> predicate;
    private Row next;

    FilteringIterator(Iterator<Row> input, Predicate<Row> predicate) {
        this.input = input;
        this.predicate = predicate;
    }

    @Override
    public boolean hasNext() {
        while (next == null && input.hasNext()) {
            Row candidate = input.next();
            if (predicate.test(candidate)) next = candidate;
        }
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row row = next;
        next = null;
        return row;
    }
}
