package dev.glasshouse.core.exec;

import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.s3.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a running task may use of the executor it runs in. Implemented by the executor; the operators in this
 * package only see this interface, so they run the same in tests.
 */
public interface TaskEnvironment {

    ObjectStore objectStore();

    /** This executor's cached partitions of persisted datasets. */
    PartitionCache cache();

    /**
     * Opens the block one map task wrote for one reduce partition, wherever it lives (this executor or another).
     *
     * @throws FetchFailedException when the block server cannot be reached or does not have the block
     */
    InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location, int reducePartition);

    /** Starts writing the shuffle output of one map task: one stream per reduce partition. */
    ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition, int reducePartitions)
            throws IOException;

    /** Starts writing the result block of one result task. */
    BlockOutput createResultBlock(String applicationId, int stageId, int partition) throws IOException;

    /**
     * How much aggregation, sort and join buffers one task may hold, and where it spills the rest. Executors give
     * their share of execution memory per task slot and a directory under their work dir; the default, for
     * environments outside an executor, is this JVM's heap with the default fractions.
     */
    default ExecutionMemory executionMemory() {
        return ExecutionMemory.ofThisJvm();
    }

    /** Map output being written. Nothing is visible to readers until {@link #commit()}. */
    interface ShuffleOutput extends AutoCloseable {
        OutputStream partition(int reducePartition);

        /** Makes every partition's block readable at once; returns the byte size of each. */
        long[] commit() throws IOException;

        /** Discards whatever was written (called on failure; harmless after commit). */
        @Override
        void close();
    }

    /** A single block being written. Nothing is visible to readers until {@link #commit()}. */
    interface BlockOutput extends AutoCloseable {
        OutputStream stream();

        /** Makes the block readable; returns its byte size. */
        long commit() throws IOException;

        /** Discards whatever was written (called on failure; harmless after commit). */
        @Override
        void close();
    }
}
