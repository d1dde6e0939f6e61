package dev.glasshouse.core.exec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.types.Schema;

/** Where a task's rows go. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionSink.ShuffleWrite.class, name = "shuffle"),
    @JsonSubTypes.Type(value = PartitionSink.ResultBlock.class, name = "result"),
    @JsonSubTypes.Type(value = PartitionSink.FileWrite.class, name = "file"),
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
     * Writes the rows as part files into the job's temporary prefix in S3; the driver commits the files of
     * successful attempts when the job ends. Unpartitioned, a task writes exactly one part file (empty or not);
     * with partition columns, one per partition value it saw, under {@code name=value/} directories, without the
     * partition columns.
     *
     * <p>While the job runs, the driver keeps an empty {@link #openMarker} object under the prefix. An attempt
     * checks it after its last upload and, when it is gone (the job committed or aborted meanwhile: a losing
     * speculative copy, a task of a failed job, a task on an executor declared lost), deletes what it uploaded:
     * the driver's clean-up may have listed the prefix before those files existed.
     *
     * @param temporaryPrefix  s3:// prefix private to this job; a task writes under {@link #attemptPrefix}
     * @param schema           the rows' columns, partition columns included
     * @param partitionColumns positions in {@code schema} of the columns that choose the directory, in order
     */
    record FileWrite(String temporaryPrefix, Schema schema, FileFormat format, int[] partitionColumns)
            implements PartitionSink {
        public static final String OPEN_MARKER = "_JOB_OPEN";

        /** Where attempt {@code taskId} puts its files; the driver's commit lists and copies from the same place. */
        public String attemptPrefix(long taskId) {
            return temporaryPrefix + "/task-" + taskId;
        }

        /** Exists from before the job's first task until the driver commits or aborts the job. */
        public String openMarker() {
            return openMarker(temporaryPrefix);
        }

        public static String openMarker(String temporaryPrefix) {
            return temporaryPrefix + "/" + OPEN_MARKER;
        }

        public String partFileName(int partition) {
            return String.format("part-%05d.%s", partition, format.name());
        }
    }
}
