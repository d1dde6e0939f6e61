package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.planner.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The progress of one stage within one job. Owned by {@link JobScheduler}; not thread-safe.
 *
 * <p>Invariant: every partition is in exactly one of {@code pending}, {@code running} (one attempt, or two while
 * a speculative copy runs), {@code finished}, or lost and waiting in {@link FailedStages} for the stage's next
 * attempt. Once a partition finishes, its other running attempts are superseded: they are no longer listed here,
 * and their reports are ignored.
 */
final class StageRun {
    final int jobId;
    final Stage stage;
    int attempt;
    /** Attempts of this stage that failed (lost output, fetch failure) since it last completed. */
    int consecutiveFailedAttempts;
    final TreeSet<Integer> pending = new TreeSet<>();
    /** Task ids of the attempts running for each partition. */
    final Map<Integer, List<Long>> running = new HashMap<>();
    final TreeMap<Integer, TaskOutcome> finished = new TreeMap<>();
    /** Driver-measured durations (launch to report) of the attempts that produced a partition, for speculation. */
    final List<Long> durations = new ArrayList<>();
    final TaskFailureHistory failures = new TaskFailureHistory();
    final Map<Integer, Integer> launches = new HashMap<>();
    int tasksRun;
    boolean completed;

    StageRun(int jobId, Stage stage) {
        this.jobId = jobId;
        this.stage = stage;
        for (int p = 0; p < stage.partitions(); p++) pending.add(p);
    }

    boolean allFinished() {
        return finished.size() == stage.partitions();
    }

    int nextAttemptNumber(int partition) {
        return launches.merge(partition, 1, Integer::sum) - 1;
    }

    void attemptStarted(int partition, long taskId) {
        running.computeIfAbsent(partition, p -> new ArrayList<>()).add(taskId);
    }

    /**
     * Forgets a running attempt that reported or was lost. True when the partition now has no attempt running and
     * no result, so it must be run again; false when another attempt still runs or this one was superseded.
     */
    boolean attemptEnded(int partition, long taskId) {
        List<Long> attempts = running.get(partition);
        if (attempts == null || !attempts.remove(taskId)) return false;
        if (!attempts.isEmpty()) return false;
        running.remove(partition);
        return true;
    }

    /** True when the task is the partition's only running attempt (a straggler candidate). */
    boolean isOnlyAttempt(int partition, long taskId) {
        List<Long> attempts = running.get(partition);
        return attempts != null && attempts.size() == 1 && attempts.get(0) == taskId;
    }

    StageSummary summary() {
        TaskMetrics total = TaskMetrics.EMPTY;
        Set<String> executors = new HashSet<>();
        for (TaskOutcome outcome : finished.values()) {
            total = total.plus(outcome.metrics());
            executors.add(outcome.executor().executorId());
        }
        return new StageSummary(stage.id(), stage.isShuffleMap(), stage.partitions(), tasksRun, attempt + 1, total,
                Set.copyOf(executors));
    }
}
