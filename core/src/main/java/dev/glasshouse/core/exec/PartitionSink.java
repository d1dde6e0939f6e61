package dev.glasshouse.core.exec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.types.Schema;

/** Where a task's rows go. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionSink.ShuffleWrite.class, name = "shuffle"),
    @JsonSubTypes.Type(value = PartitionSink.ResultBlock.class, name = "result"),
    @JsonSubTypes.Type(value = PartitionSink.CsvWrite.class, name = "csv"),
})
public sealed interface PartitionSink {

    /**
     * Partitions rows into {@code partitions} blocks on this executor's local disk (the map side of a shuffle).
     */
    record ShuffleWrite(int shuffleId, int partitions, Partitioning partitioning, Schema schema)
            implements PartitionSink {
        /** Hash partitioning on key columns, the shuffle of an aggregation. */
        public ShuffleWrite(int shuffleId, int partitions, int[] keyColumns, Schema schema) {
            this(shuffleId, partitions, new Partitioning.Hash(keyColumns), schema);
        }

        /** The hash key columns, or none when rows are not hash-partitioned. */
        public int[] keyColumns() {
            return partitioning instanceof Partitioning.Hash hash ? hash.keyColumns() : new int[0];
        }
    }

    /** Keeps the rows as a result block on this executor; the driver fetches it over the data plane. */
    record ResultBlock(Schema schema) implements PartitionSink {
    }

    /**
     * Writes the rows as one CSV part file into the job's temporary prefix in S3; the driver commits the files of
     * successful attempts when the job ends.
     *
     * @param temporaryPrefix s3:// prefix private to this job; the task writes under {@code <prefix>/<attempt>/}
     */
    record CsvWrite(String temporaryPrefix, Schema schema, CsvOptions options) implements PartitionSink {
        /** Where attempt {@code taskId} puts its part file; the driver's commit copies from the same place. */
        public String attemptFile(long taskId, int partition) {
            return temporaryPrefix + "/task-" + taskId + "/" + partFileName(partition);
        }

        public static String partFileName(int partition) {
            return String.format("part-%05d.csv", partition);
        }
    }
}
