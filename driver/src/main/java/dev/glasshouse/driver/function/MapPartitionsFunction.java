package dev.glasshouse.driver.function;

import java.io.Serializable;
import java.util.Iterator;

/**
 * The values of a whole partition in, other values out, for {@code DataFrame.mapPartitions}: lets per-partition
 * setup (a connection, a parser) happen once per task. Runs on the executors.
 */
@FunctionalInterface
public interface MapPartitionsFunction<T, U> extends Serializable {
    Iterator<U> call(Iterator<T> values) throws Exception;
}
