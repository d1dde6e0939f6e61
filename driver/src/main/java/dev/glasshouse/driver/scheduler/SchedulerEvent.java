package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskMetrics;
import java.util.List;

/**
 * What the scheduler decided or observed, in order. The console prints them; the driver actor completes jobs
 * from {@link JobSucceeded} and {@link JobFailed}. Every decision carries its reason.
 */
public sealed interface SchedulerEvent {

    record StageSubmitted(int jobId, int stageId, int attempt, int tasks, String description) implements SchedulerEvent {
    }

    record TaskStarted(TaskAttemptId task, String executorId) implements SchedulerEvent {
    }

    record TaskEnded(TaskAttemptId task, String executorId, boolean succeeded, TaskMetrics metrics, String error)
            implements SchedulerEvent {
    }

    record StageCompleted(int jobId, int stageId, int attempt, StageSummary summary) implements SchedulerEvent {
    }

    /**
     * Partitions of a stage that must run (again), and why. {@code attempt} is the stage attempt that runs them:
     * a new one when the stage had completed (its map output was lost with an executor or failed to be fetched),
     * or, for a reduce stage, "retrying after fetch failure"; the current one when the stage is still running.
     */
    record PartitionsResubmitted(int jobId, int stageId, int attempt, List<Integer> partitions, String reason)
            implements SchedulerEvent {
    }

    /**
     * A task that failed runs again (it also has a {@link TaskStarted}); the reason names the failure and whether
     * the retry avoided the executors it failed on.
     */
    record TaskRetried(TaskAttemptId task, String executorId, String reason) implements SchedulerEvent {
    }

    /**
     * A second copy of a straggler (it also has a {@link TaskStarted}), e.g. "running 4.2 s, 3.8× the median
     * 1.1 s". The first attempt to finish wins; the other's report is ignored ({@link TaskResultIgnored}).
     */
    record SpeculativeTaskLaunched(TaskAttemptId task, String executorId, String reason) implements SchedulerEvent {
    }

    /**
     * A successful attempt whose output does not count (its {@link TaskEnded} came just before): another attempt of
     * the partition finished first, or its executor's shuffle blocks had failed to be fetched since it started.
     * Exactly one attempt per partition commits output; only that one is in the stage's metrics.
     */
    record TaskResultIgnored(TaskAttemptId task, String executorId, String reason) implements SchedulerEvent {
    }

    record ExecutorAdded(dev.glasshouse.core.protocol.ExecutorInfo executor) implements SchedulerEvent {
    }

    record ExecutorRemoved(String executorId, String reason, int tasksRequeued) implements SchedulerEvent {
    }

    /** An executor evicted cached partitions; they are recomputed from lineage when next read. */
    record CachedPartitionsDropped(String executorId, List<dev.glasshouse.core.cache.CacheBlockId> partitions,
                                   String reason) implements SchedulerEvent {
    }

    record JobSucceeded(JobResult result) implements SchedulerEvent {
    }

    record JobFailed(int jobId, String reason) implements SchedulerEvent {
    }
}
