package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskMetrics;
import java.util.Set;

/**
 * What one stage did in one job: partitions, task attempts actually run (retries and recomputations included),
 * metrics summed over the successful attempts that count, and the executors holding those outputs.
 */
public record StageSummary(int stageId, boolean isShuffleMap, int partitions, int tasksRun, int attempts,
                           TaskMetrics metrics, Set<String> executors) {
}
