package dev.glasshouse.driver.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Which running tasks are stragglers worth a second copy, as Spark decides: once {@code quantile} of a stage's
 * tasks have finished, a task running longer than {@code max(multiplier × median finished duration, minRuntime)}.
 * Durations are the driver's (launch to report), the same clock as the running time they are compared with.
 */
final class SpeculationPolicy {
    private final double quantile;
    private final double multiplier;
    private final long minRuntimeMillis;

    SpeculationPolicy(SchedulerSettings.Speculation settings) {
        this.quantile = settings.quantile();
        this.multiplier = settings.multiplier();
        this.minRuntimeMillis = settings.minRuntime().toMillis();
    }

    /** The median duration of the stage's finished tasks, or -1 while fewer than the quantile have finished. */
    long medianMillis(StageRun stage) {
        int needed = Math.max(1, (int) Math.floor(quantile * stage.stage.partitions()));
        if (stage.finished.size() < needed || stage.durations.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(stage.durations);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    boolean isStraggler(long runningMillis, long medianMillis) {
        return medianMillis >= 0 && runningMillis > Math.max((long) (multiplier * medianMillis), minRuntimeMillis);
    }

    /** E.g. {@code running 4.2 s, 3.8× the median 1.1 s}. */
    static String reason(long runningMillis, long medianMillis) {
        if (medianMillis == 0) return String.format(Locale.ROOT, "running %.1f s, the median is 0 s", runningMillis / 1e3);
        return String.format(Locale.ROOT, "running %.1f s, %.1f× the median %.1f s", runningMillis / 1e3,
                (double) runningMillis / medianMillis, medianMillis / 1e3);
    }
}
