package dev.glasshouse.core.exec;

import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.protocol.TaskMetrics;
import java.util.List;

/**
 * What a successful task attempt reports besides its output: its metrics, and the partitions of persisted
 * datasets it computed and the executor kept (the driver schedules later tasks that read them onto this executor).
 */
public record TaskResult(TaskMetrics metrics, List<CachedBlock> cachedBlocks) {
    public TaskResult {
        cachedBlocks = List.copyOf(cachedBlocks);
    }

    public TaskResult(TaskMetrics metrics) {
        this(metrics, List.of());
    }
}
