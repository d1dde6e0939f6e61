package dev.glasshouse.core.protocol;

/**
 * What one task measured, reported to the driver with its success. Bytes are encoded bytes as they crossed
 * the boundary named (S3 object bytes for input, row-encoded block bytes for shuffle).
 */
public record TaskMetrics(long durationMs,
                          long inputBytes, long inputRows,
                          long shuffleReadBytes, long shuffleReadRows,
                          long shuffleWriteBytes, long shuffleWriteRows,
                          long outputBytes, long outputRows) implements CborSerializable {
    public static final TaskMetrics EMPTY = new TaskMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public TaskMetrics plus(TaskMetrics o) {
        return new TaskMetrics(durationMs + o.durationMs, inputBytes + o.inputBytes, inputRows + o.inputRows,
                shuffleReadBytes + o.shuffleReadBytes, shuffleReadRows + o.shuffleReadRows,
                shuffleWriteBytes + o.shuffleWriteBytes, shuffleWriteRows + o.shuffleWriteRows,
                outputBytes + o.outputBytes, outputRows + o.outputRows);
    }
}
