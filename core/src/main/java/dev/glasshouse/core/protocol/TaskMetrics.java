package dev.glasshouse.core.protocol;

/**
 * What one task measured, reported to the driver with its success. Bytes are encoded bytes as they crossed
 * the boundary named (S3 object bytes for input, row-encoded block bytes for shuffle).
 *
 * @param spillBytes       bytes an aggregation, sort or join wrote to local disk because its rows did not fit in
 *                         the task's share of execution memory
 * @param cachedPartitions partitions of a persisted dataset this task read from the executor's cache instead of
 *                         computing them (their input bytes are then 0)
 */
public record TaskMetrics(long durationMs,
                          long inputBytes, long inputRows,
                          long shuffleReadBytes, long shuffleReadRows,
                          long shuffleWriteBytes, long shuffleWriteRows,
                          long outputBytes, long outputRows,
                          long spillBytes, int cachedPartitions) implements CborSerializable {
    public static final TaskMetrics EMPTY = new TaskMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Metrics of a task that neither spilled nor read a cache. */
    public TaskMetrics(long durationMs, long inputBytes, long inputRows, long shuffleReadBytes, long shuffleReadRows,
                       long shuffleWriteBytes, long shuffleWriteRows, long outputBytes, long outputRows) {
        this(durationMs, inputBytes, inputRows, shuffleReadBytes, shuffleReadRows, shuffleWriteBytes,
                shuffleWriteRows, outputBytes, outputRows, 0, 0);
    }

    public TaskMetrics plus(TaskMetrics o) {
        return new TaskMetrics(durationMs + o.durationMs, inputBytes + o.inputBytes, inputRows + o.inputRows,
                shuffleReadBytes + o.shuffleReadBytes, shuffleReadRows + o.shuffleReadRows,
                shuffleWriteBytes + o.shuffleWriteBytes, shuffleWriteRows + o.shuffleWriteRows,
                outputBytes + o.outputBytes, outputRows + o.outputRows,
                spillBytes + o.spillBytes, cachedPartitions + o.cachedPartitions);
    }
}
