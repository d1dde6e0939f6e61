package dev.glasshouse.driver.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Stages that failed and wait for their next attempt, gathered over a short window as Spark's DAGScheduler does
 * (its 200 ms RESUBMIT_TIMEOUT): one lost executor makes every reduce task reading it fail to fetch, and that
 * burst must become one new attempt of the map stage, not one per failure.
 *
 * <p>Two kinds of failure are gathered: a completed stage whose map outputs were lost (the partitions wait here,
 * in none of the stage's pending, running or finished sets), and a stage whose tasks failed to fetch (its tasks
 * are already pending again; it only needs a new attempt number).
 */
final class FailedStages {
    static final class Entry {
        final StageRun stage;
        final TreeSet<Integer> lostOutputs = new TreeSet<>();
        final TreeSet<Integer> fetchFailedPartitions = new TreeSet<>();
        final LinkedHashSet<String> lossCauses = new LinkedHashSet<>();
        String firstFetchFailure;

        Entry(StageRun stage) {
            this.stage = stage;
        }

        /** Partitions the new attempt runs because of this failure: lost outputs and failed fetches. */
        List<Integer> partitions() {
            TreeSet<Integer> all = new TreeSet<>(lostOutputs);
            all.addAll(fetchFailedPartitions);
            return List.copyOf(all);
        }

        /** Why the stage runs again, e.g. "map output lost with executor exec-2 (...)". */
        String reason() {
            List<String> parts = new ArrayList<>(lossCauses);
            if (firstFetchFailure != null) {
                int n = fetchFailedPartitions.size();
                parts.add("retrying after fetch failure: " + firstFetchFailure
                        + (n > 1 ? " (" + n + " tasks failed to fetch)" : ""));
            }
            return String.join("; ", parts);
        }
    }

    private final Map<StageRun, Entry> entries = new IdentityHashMap<>();

    void outputsLost(StageRun stage, Collection<Integer> partitions, String cause) {
        Entry entry = entries.computeIfAbsent(stage, Entry::new);
        entry.lostOutputs.addAll(partitions);
        entry.lossCauses.add(cause);
    }

    void fetchFailed(StageRun stage, int partition, String cause) {
        Entry entry = entries.computeIfAbsent(stage, Entry::new);
        entry.fetchFailedPartitions.add(partition);
        if (entry.firstFetchFailure == null) entry.firstFetchFailure = cause;
    }

    boolean contains(StageRun stage) {
        return entries.containsKey(stage);
    }

    boolean isLost(StageRun stage, int partition) {
        Entry entry = entries.get(stage);
        return entry != null && entry.lostOutputs.contains(partition);
    }

    /** Another attempt produced the lost partition meanwhile (a speculative copy): it need not run again. */
    void recovered(StageRun stage, int partition) {
        Entry entry = entries.get(stage);
        if (entry == null) return;
        entry.lostOutputs.remove(partition);
        if (entry.lostOutputs.isEmpty() && entry.fetchFailedPartitions.isEmpty()) entries.remove(stage);
    }

    void remove(StageRun stage) {
        entries.remove(stage);
    }

    void forgetJob(int jobId) {
        entries.keySet().removeIf(stage -> stage.jobId == jobId);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Takes every entry, by job and then stage id (parents first, as the planner numbers them). */
    List<Entry> drain() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        all.sort(Comparator.comparingInt((Entry e) -> e.stage.jobId).thenComparingInt(e -> e.stage.stage.id()));
        return all;
    }
}
