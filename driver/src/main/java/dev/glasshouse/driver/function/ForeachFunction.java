package dev.glasshouse.driver.function;

import java.io.Serializable;

/** A side effect per value, for the action {@code DataFrame.foreach}. Runs on the executors, not the driver. */
@FunctionalInterface
public interface ForeachFunction<T> extends Serializable {
    void call(T value) throws Exception;
}
