package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import java.io.Serializable;
import java.util.Iterator;

/**
 * User code that turns the rows of one partition into other rows: the executor-side form of the DataFrame's typed
 * transformations ({@code map}, {@code flatMap}, {@code filter}, {@code mapPartitions}, {@code foreach}). It
 * travels inside the task plan as Java-serialized bytes ({@link UserCode}), so it and everything it captures
 * must be serializable, and its classes must be on the executor's class path.
 */
@FunctionalInterface
public interface RowsFunction extends Serializable {
    Iterator<Row> apply(Iterator<Row> rows);
}
