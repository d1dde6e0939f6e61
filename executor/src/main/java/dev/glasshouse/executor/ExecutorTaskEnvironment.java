package dev.glasshouse.executor;

import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.exec.FetchFailedException;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * What tasks on this executor use: S3, this executor's block store for their output, its cache of persisted
 * partitions, and the data plane for
 * shuffle input. Shuffle blocks are always fetched over HTTP, also those on this executor, so there is one read
 * path to get right and to test. Thread-safe: shared by every task slot.
 */
public final class ExecutorTaskEnvironment implements TaskEnvironment {
    private final ObjectStore objectStore;
    private final ShuffleBlockStore blockStore;
    private final BlockClient blockClient;
    private final PartitionCache cache;
    private final ExecutionMemory executionMemory;

    /**
     * @param cache           the executor's cached partitions
     * @param executionMemory what each task may hold before it spills, and where it spills
     */
    public ExecutorTaskEnvironment(ObjectStore objectStore, ShuffleBlockStore blockStore, BlockClient blockClient,
                                   PartitionCache cache, ExecutionMemory executionMemory) {
        this.objectStore = objectStore;
        this.blockStore = blockStore;
        this.blockClient = blockClient;
        this.cache = cache;
        this.executionMemory = executionMemory;
    }

    @Override
    public PartitionCache cache() {
        return cache;
    }

    @Override
    public ObjectStore objectStore() {
        return objectStore;
    }

    @Override
    public ExecutionMemory executionMemory() {
        return executionMemory;
    }

    @Override
    public InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location,
                                        int reducePartition) {
        try {
            return blockClient.openShuffleBlock(location.host(), location.port(), applicationId, shuffleId,
                    location.mapPartition(), reducePartition);
        } catch (IOException e) {
            throw new FetchFailedException(new FetchFailure(shuffleId, location.mapPartition(), reducePartition,
                    location.executorId(), location.address(), e.getMessage()), e);
        }
    }

    @Override
    public ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                             int reducePartitions) throws IOException {
        return blockStore.createShuffleOutput(applicationId, shuffleId, mapPartition, reducePartitions);
    }

    @Override
    public BlockOutput createResultBlock(String applicationId, int stageId, int partition) throws IOException {
        return blockStore.createResultBlock(applicationId, stageId, partition);
    }
}
