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

    /** Partitions of a stage that must run (again), and why: e.g. their map output was lost with an executor. */
    record PartitionsResubmitted(int jobId, int stageId, int attempt, List<Integer> partitions, String reason)
            implements SchedulerEvent {
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
