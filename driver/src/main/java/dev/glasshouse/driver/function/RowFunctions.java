package dev.glasshouse.driver.function;

import dev.glasshouse.core.exec.RowsFunction;
import dev.glasshouse.core.row.Row;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Adapts each kind of user function to the executor's {@link RowsFunction}, which works on a partition's row
 * iterator. The adapters are records holding the user function, so they serialize with it; each is applied
 * lazily, row by row, except {@code foreach}, which must run whole before the task ends.
 *
 * <p>An exception thrown by user code fails the task with the transformation and the row named.
 */
public final class RowFunctions {
    private RowFunctions() {
    }

    public record MapRows(MapFunction<Row, Row> function) implements RowsFunction {
        @Override
        public Iterator<Row> apply(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    Row row = rows.next();
                    try {
                        return function.call(row);
                    } catch (Exception e) {
                        throw failed("map", row, e);
                    }
                }
            };
        }
    }

    public record FlatMapRows(FlatMapFunction<Row, Row> function) implements RowsFunction {
        @Override
        public Iterator<Row> apply(Iterator<Row> rows) {
            return new Iterator<>() {
                private Iterator<Row> current = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext()) {
                        if (!rows.hasNext()) return false;
                        Row row = rows.next();
                        try {
                            Iterable<Row> out = function.call(row);
                            current = out == null ? Collections.emptyIterator() : out.iterator();
                        } catch (Exception e) {
                            throw failed("flatMap", row, e);
                        }
                    }
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    return current.next();
                }
            };
        }
    }

    public record FilterRows(FilterFunction<Row> function) implements RowsFunction {
        @Override
        public Iterator<Row> apply(Iterator<Row> rows) {
            return new Iterator<>() {
                private Row next;

                @Override
                public boolean hasNext() {
                    while (next == null && rows.hasNext()) {
                        Row row = rows.next();
                        try {
                            if (function.call(row)) next = row;
                        } catch (Exception e) {
                            throw failed("filter", row, e);
                        }
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
            };
        }
    }

    public record MapPartitionsRows(MapPartitionsFunction<Row, Row> function) implements RowsFunction {
        @Override
        public Iterator<Row> apply(Iterator<Row> rows) {
            try {
                Iterator<Row> out = function.call(rows);
                return out == null ? Collections.emptyIterator() : out;
            } catch (Exception e) {
                throw new RuntimeException("the mapPartitions function failed: " + e, e);
            }
        }
    }

    /** Calls the function on every row as soon as the task pulls the first one; outputs no rows. */
    public record ForeachRows(ForeachFunction<Row> function) implements RowsFunction {
        @Override
        public Iterator<Row> apply(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    while (rows.hasNext()) {
                        Row row = rows.next();
                        try {
                            function.call(row);
                        } catch (Exception e) {
                            throw failed("foreach", row, e);
                        }
                    }
                    return false;
                }

                @Override
                public Row next() {
                    throw new NoSuchElementException();
                }
            };
        }
    }

    private static RuntimeException failed(String transformation, Row row, Exception cause) {
        return new RuntimeException("the " + transformation + " function failed on row " + row + ": " + cause, cause);
    }
}
