package dev.glasshouse.driver.cache;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which executors hold which cached partitions, as the driver last heard (Spark's BlockManagerMaster): filled by
 * finished tasks, thinned by evictions, lost executors and unpersist. The scheduler sends a task reading a cached
 * partition to an executor holding it; the planner skips the stages computing a dataset whose every partition is
 * held somewhere.
 *
 * <p>Thread-safe: the driver actor writes, the planner (on a user thread) reads.
 */
public final class CacheLocations {
    private final Map<CacheBlockId, Set<String>> holders = new HashMap<>();

    public synchronized void stored(String executorId, List<CachedBlock> blocks) {
        for (CachedBlock block : blocks) {
            holders.computeIfAbsent(block.id(), id -> new HashSet<>()).add(executorId);
        }
    }

    public synchronized void dropped(String executorId, List<CacheBlockId> blocks) {
        for (CacheBlockId block : blocks) remove(block, executorId);
    }

    public synchronized void executorLost(String executorId) {
        for (CacheBlockId block : List.copyOf(holders.keySet())) remove(block, executorId);
    }

    public synchronized void datasetRemoved(int datasetId) {
        holders.keySet().removeIf(block -> block.datasetId() == datasetId);
    }

    /** The executors holding the block; empty when none does. */
    public synchronized Set<String> holders(CacheBlockId block) {
        Set<String> executors = holders.get(block);
        return executors == null ? Set.of() : Set.copyOf(executors);
    }

    /** True when each of the dataset's {@code partitions} partitions is held by some executor. */
    public synchronized boolean allCached(int datasetId, int partitions) {
        for (int p = 0; p < partitions; p++) {
            if (!holders.containsKey(new CacheBlockId(datasetId, p))) return false;
        }
        return partitions > 0;
    }

    /** How many of the dataset's partitions are held somewhere. */
    public synchronized int cachedPartitions(int datasetId) {
        return (int) holders.keySet().stream().filter(block -> block.datasetId() == datasetId).count();
    }

    private void remove(CacheBlockId block, String executorId) {
        Set<String> executors = holders.get(block);
        if (executors == null) return;
        executors.remove(executorId);
        if (executors.isEmpty()) {
            holders.remove(block);
        }
    }
}
