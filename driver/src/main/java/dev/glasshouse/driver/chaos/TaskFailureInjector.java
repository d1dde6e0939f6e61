package dev.glasshouse.driver.chaos;

import com.typesafe.config.Config;
import dev.glasshouse.core.protocol.TaskAttemptId;
import java.util.SplittableRandom;

/**
 * Chaos for tasks: decides which task attempts the executor must fail on purpose ({@code glasshouse chaos
 * --fail-tasks P}). The decision depends only on the seed and the attempt's identity (job, stage, stage attempt,
 * partition, attempt number), not on launch order or timing, so a run repeats with the same seed. Each attempt
 * is an independent draw: a partition fails all its {@code task-max-failures} attempts with probability
 * {@code P^max}.
 */
public final class TaskFailureInjector {
    public static final String PROBABILITY_KEY = "glasshouse.chaos.task-failure-probability";
    public static final String SEED_KEY = "glasshouse.chaos.seed";
    /** Starts every injected failure's error text, so reports and tests can tell it from a real one. */
    public static final String PREFIX = "chaos: injected task failure";

    /** Injects nothing. */
    public static final TaskFailureInjector NONE = new TaskFailureInjector(0, 0);

    private final double probability;
    private final long seed;

    public TaskFailureInjector(double probability, long seed) {
        if (probability < 0 || probability >= 1) {
            throw new IllegalArgumentException(PROBABILITY_KEY + " = " + probability
                    + ": must be a probability from 0 up to (not including) 1");
        }
        this.probability = probability;
        this.seed = seed;
    }

    public static TaskFailureInjector fromConfig(Config config) {
        double probability = config.getDouble(PROBABILITY_KEY);
        return probability == 0 ? NONE : new TaskFailureInjector(probability, config.getLong(SEED_KEY));
    }

    /** The error the executor must fail this attempt with, or null to run it normally. */
    public String failureFor(TaskAttemptId attempt) {
        if (probability == 0) return null;
        long key = seed;
        key = key * 31 + attempt.jobId();
        key = key * 31 + attempt.stageId();
        key = key * 31 + attempt.stageAttempt();
        key = key * 31 + attempt.partition();
        key = key * 31 + attempt.attempt();
        if (new SplittableRandom(key).nextDouble() >= probability) return null;
        return String.format("%s (probability %.2f, seed %d)", PREFIX, probability, seed);
    }
}
