package dev.glasshouse.cli.chaos;

import java.time.Duration;
import java.util.List;

/**
 * What a chaos run injects and when. Built from {@code glasshouse chaos} (or {@code demo --chaos}) options and
 * checked here, so every error names the option at fault.
 *
 * @param kinds                  the faults to choose from; each injection picks one (seeded) when there are several
 * @param executor               the executor to kill or pause: an id such as {@code exec-2}, or {@code random}
 *                               (chosen with the seed among those alive at that moment)
 * @param signal                 KILL or TERM, for {@link FaultKind#KILL_EXECUTOR}
 * @param pauseFor               how long a paused executor stays stopped before SIGCONT; zero: never continued
 * @param s3Outage               how long the S3 server stays down
 * @param taskFailureProbability each task attempt of the run fails with this probability (0: none)
 * @param trigger                what the first fault waits for before {@code after} starts counting
 * @param after                  delay from the trigger to the first fault
 * @param every                  delay between faults; zero: one fault only
 * @param maxFaults              at most this many faults in the run
 * @param seed                   makes target choice, fault choice and task failures reproducible
 */
public record ChaosSpec(List<FaultKind> kinds, String executor, String signal, Duration pauseFor, Duration s3Outage,
                        double taskFailureProbability, Trigger trigger, Duration after, Duration every,
                        int maxFaults, long seed) {

    /** The moment the clock of the first fault starts. */
    public enum Trigger {
        /** The run's job starts. */
        START,
        /** The first map task finished: the map stage is under way. */
        MAP,
        /** The map stage is done: reduce tasks run and read the map output over the network. */
        REDUCE
    }

    public static final String RANDOM = "random";

    public ChaosSpec {
        kinds = List.copyOf(kinds);
        if (kinds.isEmpty() && taskFailureProbability == 0) {
            throw new IllegalArgumentException("no fault chosen: give at least one of --kill-executor, "
                    + "--pause-executor, --kill-cluster-manager, --s3-outage or --fail-tasks");
        }
        if (!signal.equals("KILL") && !signal.equals("TERM")) {
            throw new IllegalArgumentException("--signal " + signal + ": must be KILL or TERM");
        }
        if (!executor.equals(RANDOM) && !executor.matches("exec-\\d+")) {
            throw new IllegalArgumentException("executor '" + executor + "': give an executor id such as exec-2 "
                    + "(see 'glasshouse local' output) or 'random'");
        }
        if (taskFailureProbability < 0 || taskFailureProbability >= 1) {
            throw new IllegalArgumentException("--fail-tasks " + taskFailureProbability
                    + ": must be a probability from 0 up to (not including) 1, e.g. 0.1");
        }
        requireNotNegative("--after", after);
        requireNotNegative("--every", every);
        requireNotNegative("--pause-for", pauseFor);
        if (kinds.contains(FaultKind.S3_OUTAGE) && (s3Outage.isZero() || s3Outage.isNegative())) {
            throw new IllegalArgumentException("--s3-outage " + s3Outage.toMillis() + " ms: must be positive, e.g. 10s");
        }
        if (maxFaults < 1) throw new IllegalArgumentException("--max " + maxFaults + ": must be at least 1");
    }

    private static void requireNotNegative(String option, Duration value) {
        if (value.isNegative()) throw new IllegalArgumentException(option + " must not be negative");
    }

    /** How many faults the plan injects: one, or up to {@link #maxFaults} when they repeat. */
    public int faultCount() {
        if (kinds.isEmpty()) return 0;
        return every.isZero() ? 1 : maxFaults;
    }
}
