package dev.glasshouse.driver.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The failed attempts of each partition of one stage, in order: the count decides when the job gives up, the
 * executors decide where a retry goes (elsewhere if possible), and the whole history is the job's error. Only
 * errors of the task itself are recorded: a lost executor or a fetch failure is not the task's fault.
 */
final class TaskFailureHistory {
    record Failure(int attempt, String executorId, String error) {
    }

    private final Map<Integer, List<Failure>> byPartition = new HashMap<>();

    /** @return failures of the partition so far, this one included */
    int record(int partition, int attempt, String executorId, String error) {
        List<Failure> failures = byPartition.computeIfAbsent(partition, p -> new ArrayList<>());
        failures.add(new Failure(attempt, executorId, error));
        return failures.size();
    }

    List<Failure> of(int partition) {
        return byPartition.getOrDefault(partition, List.of());
    }

    /**
     * How little the partition's retry should go to the executor, lower being better: -1 where it never failed,
     * else the position of its latest failure there, so the executor it failed on longest ago comes first.
     */
    int rank(int partition, String executorId) {
        List<Failure> failures = of(partition);
        for (int i = failures.size() - 1; i >= 0; i--) {
            if (failures.get(i).executorId().equals(executorId)) return i;
        }
        return -1;
    }

    /** E.g. {@code #0 on exec-1: IllegalStateException: boom; #1 on exec-2: IllegalStateException: boom}. */
    String describe(int partition) {
        return of(partition).stream().map(f -> "#" + f.attempt() + " on " + f.executorId() + ": " + f.error())
                .collect(Collectors.joining("; "));
    }

    /** Why the partition runs again on {@code target}, for a {@link SchedulerEvent.TaskRetried}. */
    String retryReason(int partition, String target) {
        List<Failure> failures = of(partition);
        Failure last = failures.get(failures.size() - 1);
        return "retry " + failures.size() + " after failure on " + last.executorId() + " (" + last.error() + "); on "
                + target + (rank(partition, target) < 0 ? ", where it has not failed"
                : " again: no executor it has not failed on had room");
    }
}
