package dev.glasshouse.driver.scheduler;

import java.util.List;

/**
 * A finished job: per-stage summaries in stage order and, for the result stage, the successful attempt of each
 * partition (where its result block or part file is).
 */
public record JobResult(int jobId, long durationMs, List<StageSummary> stages, List<TaskOutcome> resultTasks) {
}
