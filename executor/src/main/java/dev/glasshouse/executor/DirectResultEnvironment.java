package dev.glasshouse.executor;

import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.s3.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One task's view of the executor's {@link TaskEnvironment}, which keeps a small result block in memory instead of
 * on disk, so it can travel back in the task's {@code TaskFinished} (Spark's direct results): the driver then
 * fetches nothing, which for many small tasks saves a file, a rename and an HTTP request each. A result that grows
 * past {@code limit} bytes goes to the block store after all, the bytes so far first. Everything else passes
 * through. Used by the one thread running the task.
 */
final class DirectResultEnvironment implements TaskEnvironment {
    private final TaskEnvironment executor;
    private final int limit;
    private byte[] directResult;

    DirectResultEnvironment(TaskEnvironment executor, int limit) {
        this.executor = executor;
        this.limit = limit;
    }

    /** The committed result block when it stayed in memory; null when there was none or it went to disk. */
    byte[] directResult() {
        return directResult;
    }

    @Override
    public ObjectStore objectStore() {
        return executor.objectStore();
    }

    @Override
    public PartitionCache cache() {
        return executor.cache();
    }

    @Override
    public ExecutionMemory executionMemory() {
        return executor.executionMemory();
    }

    @Override
    public InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location,
                                        int reducePartition) {
        return executor.openShuffleBlock(applicationId, shuffleId, location, reducePartition);
    }

    @Override
    public ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                             int reducePartitions) throws IOException {
        return executor.createShuffleOutput(applicationId, shuffleId, mapPartition, reducePartitions);
    }

    @Override
    public BlockOutput createResultBlock(String applicationId, int stageId, int partition) {
        return new InMemoryFirst(applicationId, stageId, partition);
    }

    /** Buffers up to {@code limit} bytes; past that, moves to a real block of the executor's store. */
    private final class InMemoryFirst extends OutputStream implements BlockOutput {
        private final String applicationId;
        private final int stageId;
        private final int partition;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        private BlockOutput onDisk;

        InMemoryFirst(String applicationId, int stageId, int partition) {
            this.applicationId = applicationId;
            this.stageId = stageId;
            this.partition = partition;
        }

        @Override
        public OutputStream stream() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            target(1).write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target(len).write(b, off, len);
        }

        private OutputStream target(int more) throws IOException {
            if (onDisk == null && buffer.size() + more > limit) {
                onDisk = executor.createResultBlock(applicationId, stageId, partition);
                buffer.writeTo(onDisk.stream());
                buffer.reset();
            }
            return onDisk == null ? buffer : onDisk.stream();
        }

        @Override
        public long commit() throws IOException {
            if (onDisk != null) return onDisk.commit();
            directResult = buffer.toByteArray();
            return directResult.length;
        }

        @Override
        public void close() {
            if (onDisk != null) onDisk.close();
        }
    }
}
