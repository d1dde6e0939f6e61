package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import java.util.Iterator;
import java.util.function.UnaryOperator;

/** Applies a function to each row as it is pulled. */
final class MappingIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final UnaryOperator<Row> function;

    MappingIterator(Iterator<Row> input, UnaryOperator<Row> function) {
        this.input = input;
        this.function = function;
    }

    @Override
    public boolean hasNext() {
        return input.hasNext();
    }

    @Override
    public Row next() {
        return function.apply(input.next());
    }
}
