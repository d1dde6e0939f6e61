package dev.glasshouse.driver;

/** A job could not finish: a task failed too often, the executors never came, or the application stopped. */
public final class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message);
    }
}
