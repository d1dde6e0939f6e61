package dev.glasshouse.driver.function;

import java.io.Serializable;

/**
 * One output value per input value, for {@code DataFrame.map}. Runs on the executors, so it must be serializable:
 * a lambda that captures only serializable values, or a class implementing {@link Serializable}.
 */
@FunctionalInterface
public interface MapFunction<T, U> extends Serializable {
    U call(T value) throws Exception;
}
