package dev.glasshouse.driver.scheduler;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The scheduler's limits and recovery timings, read from {@code glasshouse.driver.*} (see reference.conf).
 *
 * @param maxTaskFailures             failures of one partition's task before its job fails
 * @param maxConsecutiveStageAttempts attempts of one stage that may fail in a row (fetch failures, lost map
 *                                    output) before its job fails; a completed attempt resets the count
 * @param fetchFailureResubmitDelay   how long the driver gathers a burst of fetch failures before it resubmits
 *                                    the failed stages once ({@link JobScheduler#resubmitFailedStages})
 * @param speculation                 when and whether stragglers get a second copy
 */
public record SchedulerSettings(int maxTaskFailures, int maxConsecutiveStageAttempts,
                                Duration fetchFailureResubmitDelay, Speculation speculation) {
    static final String TASK_MAX_FAILURES = "glasshouse.driver.task-max-failures";
    static final String STAGE_MAX_CONSECUTIVE_ATTEMPTS = "glasshouse.driver.stage-max-consecutive-attempts";

    /**
     * Speculative execution (Spark's {@code spark.speculation*}): once {@code quantile} of a stage's tasks have
     * finished, a task running longer than {@code max(multiplier × median, minRuntime)} gets one copy on another
     * executor; the first attempt to finish wins. Checked every {@code interval}.
     */
    public record Speculation(boolean enabled, double quantile, double multiplier, Duration minRuntime,
                              Duration interval) {
        public static final Speculation OFF = new Speculation(false, 0.9, 3.0, Duration.ofMillis(100),
                Duration.ofMillis(100));

        public Speculation {
            require(quantile > 0 && quantile <= 1, "glasshouse.driver.speculation-quantile",
                    "a fraction in (0, 1]", quantile);
            require(multiplier >= 1, "glasshouse.driver.speculation-multiplier", "at least 1", multiplier);
            require(!minRuntime.isNegative(), "glasshouse.driver.speculation-min-runtime", "not negative",
                    minRuntime);
            require(interval.toMillis() > 0, "glasshouse.driver.speculation-interval", "at least 1ms", interval);
        }
    }

    public SchedulerSettings {
        require(maxTaskFailures >= 1, TASK_MAX_FAILURES, "at least 1", maxTaskFailures);
        require(maxConsecutiveStageAttempts >= 1, STAGE_MAX_CONSECUTIVE_ATTEMPTS, "at least 1",
                maxConsecutiveStageAttempts);
        require(!fetchFailureResubmitDelay.isNegative(), "glasshouse.driver.fetch-failure-resubmit-delay",
                "not negative", fetchFailureResubmitDelay);
    }

    /** The given limits, Spark's 200 ms resubmit delay and no speculation. */
    public static SchedulerSettings of(int maxTaskFailures, int maxConsecutiveStageAttempts) {
        return new SchedulerSettings(maxTaskFailures, maxConsecutiveStageAttempts, Duration.ofMillis(200),
                Speculation.OFF);
    }

    public SchedulerSettings withSpeculation(Speculation speculation) {
        return new SchedulerSettings(maxTaskFailures, maxConsecutiveStageAttempts, fetchFailureResubmitDelay,
                speculation);
    }

    public static SchedulerSettings fromConfig(Config config) {
        return new SchedulerSettings(config.getInt(TASK_MAX_FAILURES), config.getInt(STAGE_MAX_CONSECUTIVE_ATTEMPTS),
                config.getDuration("glasshouse.driver.fetch-failure-resubmit-delay"),
                new Speculation(config.getBoolean("glasshouse.driver.speculation"),
                        config.getDouble("glasshouse.driver.speculation-quantile"),
                        config.getDouble("glasshouse.driver.speculation-multiplier"),
                        config.getDuration("glasshouse.driver.speculation-min-runtime"),
                        config.getDuration("glasshouse.driver.speculation-interval")));
    }

    private static void require(boolean valid, String key, String expected, Object actual) {
        if (!valid) throw new IllegalArgumentException(key + " must be " + expected + ", got " + actual);
    }
}
