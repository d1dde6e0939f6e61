package dev.glasshouse.driver.output;

import java.util.Locale;

/** What a write does when its destination already holds output (Spark's save modes). */
public enum SaveMode {
    /** The old output is replaced whole when the job commits. */
    OVERWRITE,
    /** New part files are added beside the old ones, under names no earlier job used. */
    APPEND,
    /** Nothing happens, no job runs. */
    IGNORE,
    /** The write is refused before any task runs (the default). */
    ERROR_IF_EXISTS;

    /** Spark's names, any case: overwrite, append, ignore, errorifexists (or error). */
    public static SaveMode parse(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> OVERWRITE;
            case "append" -> APPEND;
            case "ignore" -> IGNORE;
            case "errorifexists", "error" -> ERROR_IF_EXISTS;
            default -> throw new IllegalArgumentException("unsupported write mode '" + mode
                    + "': use 'overwrite', 'append', 'ignore' or 'errorifexists'");
        };
    }
}
