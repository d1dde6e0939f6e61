package dev.glasshouse.driver.function;

import java.io.Serializable;

/** Zero or more output values per input value, for {@code DataFrame.flatMap}. Runs on the executors. */
@FunctionalInterface
public interface FlatMapFunction<T, U> extends Serializable {
    Iterable<U> call(T value) throws Exception;
}
