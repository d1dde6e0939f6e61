package dev.glasshouse.core.exec;

/**
 * A task that does not fit in its executor's memory even by spilling: one key with more build rows than the
 * task's execution memory, or a JVM {@link OutOfMemoryError} inside the task (user code holding too much, one huge
 * row). The message names the stage, the partition and the memory setting, and says what to change. The executor
 * survives it: the task's objects are unreachable once the exception leaves the task.
 */
public final class TaskOutOfMemoryException extends RuntimeException {
    TaskOutOfMemoryException(String message, OutOfMemoryError cause) {
        super(message, cause);
    }
}
