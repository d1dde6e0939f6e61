package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.planner.Stage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The progress of one stage within one job. Owned by {@link JobScheduler}; not thread-safe.
 *
 * <p>Invariant: every partition is in exactly one of {@code pending}, running (some entry of
 * {@code runningByPartition}), or {@code finished}.
 */
final class StageRun {
    final int jobId;
    final Stage stage;
    int attempt;
    final TreeSet<Integer> pending = new TreeSet<>();
    final Map<Integer, Long> runningByPartition = new HashMap<>();
    final TreeMap<Integer, TaskOutcome> finished = new TreeMap<>();
    final Map<Integer, Integer> failures = new HashMap<>();
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
