package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.driver.cache.CacheLocations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The executors the scheduler may use and their free task slots, and where each task goes. Slots are taken at
 * launch and given back when the attempt reports or its executor is lost, so {@code free} never exceeds cores.
 *
 * <p>While tasks are short, an executor may hold {@code queuedPerCoreForShortTasks} tasks per core waiting in its
 * queue: a short task takes less time than the round trip of its launch and report, so one task per core would
 * leave the cores idle between tasks. Long tasks never wait in a queue (one per core, as in Spark), so no
 * executor sits on queued work while another is idle.
 */
final class ExecutorPool {
    /** Tasks that run at most this long (by the executors' measure, on average lately) are short. */
    static final double SHORT_TASK_MILLIS = 3;

    private static final class Slots {
        final ExecutorInfo info;
        int free;

        Slots(ExecutorInfo info) {
            this.info = info;
            this.free = info.cores();
        }
    }

    private final Map<String, Slots> executors = new LinkedHashMap<>();
    private final int queuedPerCoreForShortTasks;
    private final CacheLocations cacheLocations;
    /** Moving average of recent task durations in ms; NaN until a task has finished. */
    private double recentTaskMillis = Double.NaN;

    ExecutorPool(int queuedPerCoreForShortTasks, CacheLocations cacheLocations) {
        this.queuedPerCoreForShortTasks = queuedPerCoreForShortTasks;
        this.cacheLocations = cacheLocations;
    }

    boolean add(ExecutorInfo info) {
        return executors.putIfAbsent(info.executorId(), new Slots(info)) == null;
    }

    boolean remove(String executorId) {
        return executors.remove(executorId) != null;
    }

    boolean contains(String executorId) {
        return executors.containsKey(executorId);
    }

    ExecutorInfo info(String executorId) {
        return executors.get(executorId).info;
    }

    int size() {
        return executors.size();
    }

    void take(String executorId) {
        executors.get(executorId).free--;
    }

    /** The attempt reported; nothing to give back when its executor is already gone. */
    void release(String executorId) {
        Slots slots = executors.get(executorId);
        if (slots != null) slots.free++;
    }

    /** A task finished after running this long on its executor. */
    void taskTook(long durationMs) {
        recentTaskMillis = Double.isNaN(recentTaskMillis) ? durationMs : 0.8 * recentTaskMillis + 0.2 * durationMs;
    }

    /** Whether executors get queued tasks beyond their cores now (see the class comment). */
    boolean queueWhileTasksAreShort() {
        return queuedPerCoreForShortTasks > 0 && recentTaskMillis <= SHORT_TASK_MILLIS;
    }

    boolean anyRoom(boolean queue) {
        return executors.values().stream().anyMatch(e -> hasRoom(e, queue));
    }

    /**
     * Where a task runs: an executor holding its cached partitions if one is alive (null while all such are busy:
     * there the partition costs nothing, anywhere else it is recomputed). Otherwise the executor with room that
     * {@code failureRank} likes best (see {@link TaskFailureHistory#rank}: a retry goes where it has not failed),
     * and among those the one with the most free slots, so work spreads over the cluster.
     */
    String forTask(List<CacheBlockId> cachedBlocks, ToIntFunction<String> failureRank, boolean queue) {
        Slots best = null;
        boolean anyHolderAlive = false;
        for (CacheBlockId block : cachedBlocks) {
            for (String holder : cacheLocations.holders(block)) {
                Slots slots = executors.get(holder);
                if (slots == null) continue;
                anyHolderAlive = true;
                if (hasRoom(slots, queue) && (best == null || slots.free > best.free)) best = slots;
            }
        }
        if (anyHolderAlive) return best == null ? null : best.info.executorId();
        int bestRank = Integer.MAX_VALUE;
        for (Slots slots : executors.values()) {
            if (!hasRoom(slots, queue)) continue;
            int rank = failureRank.applyAsInt(slots.info.executorId());
            if (best == null || rank < bestRank || (rank == bestRank && slots.free > best.free)) {
                best = slots;
                bestRank = rank;
            }
        }
        return best == null ? null : best.info.executorId();
    }

    /** A free core (never a queue place) on an executor other than the straggler's, the most free first. */
    String forSpeculativeCopy(String stragglerExecutorId) {
        Slots best = null;
        for (Slots slots : executors.values()) {
            if (slots.info.executorId().equals(stragglerExecutorId) || slots.free <= 0) continue;
            if (best == null || slots.free > best.free) best = slots;
        }
        return best == null ? null : best.info.executorId();
    }

    /** Executors with slots taken, e.g. "exec-1: 1 of 2 slots taken", for checks that everything was released. */
    List<String> slotsTaken() {
        List<String> taken = new ArrayList<>();
        for (Slots slots : executors.values()) {
            if (slots.free != slots.info.cores()) {
                taken.add(slots.info.executorId() + ": " + (slots.info.cores() - slots.free) + " of "
                        + slots.info.cores() + " slots taken");
            }
        }
        return taken;
    }

    /** A free slot, or (while tasks are short) room in the executor's queue. */
    private boolean hasRoom(Slots executor, boolean queue) {
        return executor.free > (queue ? -executor.info.cores() * queuedPerCoreForShortTasks : 0);
    }
}
