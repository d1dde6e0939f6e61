package dev.glasshouse.driver.function;

import java.io.Serializable;

/** True for the values to keep, for {@code DataFrame.filter}. Runs on the executors. */
@FunctionalInterface
public interface FilterFunction<T> extends Serializable {
    boolean call(T value) throws Exception;
}
