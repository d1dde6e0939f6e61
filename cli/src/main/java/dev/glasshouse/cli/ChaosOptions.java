package dev.glasshouse.cli;

import dev.glasshouse.cli.chaos.ChaosSpec;
import dev.glasshouse.cli.chaos.FaultKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The faults of a chaos run and their schedule: shared by {@code glasshouse chaos} and {@code demo --chaos}. */
public final class ChaosOptions {
    @Option(names = "--kill-executor", description = "kill an executor process (see --executor, --signal)")
    boolean killExecutor;

    @Option(names = "--pause-executor", description = "pause an executor with SIGSTOP (see --executor, --pause-for)")
    boolean pauseExecutor;

    @Option(names = "--kill-cluster-manager",
            description = "kill -9 the cluster-manager; the local cluster restarts it and it rejoins")
    boolean killClusterManager;

    @Option(names = "--s3-outage", paramLabel = "DURATION", converter = DurationValue.class,
            description = "take the S3 server down for this long, e.g. 10s")
    Duration s3Outage;

    @Option(names = "--fail-tasks", paramLabel = "P", defaultValue = "0",
            description = "make each task attempt fail with probability P, e.g. 0.1 (default: ${DEFAULT-VALUE})")
    double failTasks;

    @Option(names = "--executor", paramLabel = "ID|random", defaultValue = ChaosSpec.RANDOM,
            description = "the executor to kill or pause: an id such as exec-2, or random (default: ${DEFAULT-VALUE})")
    String executor;

    @Option(names = "--signal", paramLabel = "KILL|TERM", defaultValue = "KILL",
            description = "the signal --kill-executor sends (default: ${DEFAULT-VALUE})")
    String signal;

    @Option(names = "--pause-for", paramLabel = "DURATION", defaultValue = "0s", converter = DurationValue.class,
            description = "SIGCONT a paused executor after this long; 0s never (default: ${DEFAULT-VALUE})")
    Duration pauseFor;

    @Option(names = "--when", paramLabel = "start|map|reduce", defaultValue = "start",
            description = "when the clock of the first fault starts: the job starts, its first map task finished, "
                    + "or its map stage is done (default: ${DEFAULT-VALUE})")
    String when;

    @Option(names = "--after", paramLabel = "DURATION", defaultValue = "1s", converter = DurationValue.class,
            description = "the first fault comes this long after --when (default: ${DEFAULT-VALUE})")
    Duration after;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "0s", converter = DurationValue.class,
            description = "repeat faults this often; 0s for a single fault (default: ${DEFAULT-VALUE})")
    Duration every;

    @Option(names = "--max", paramLabel = "M", defaultValue = "3",
            description = "with --every: at most M faults (default: ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--seed", defaultValue = "1",
            description = "seeds the choice of executors, faults and failing tasks (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--dry-run", description = "print what would be done, and do nothing")
    boolean dryRun;

    /** The spec these options describe; an IllegalArgumentException names the option at fault. */
    ChaosSpec spec() {
        List<FaultKind> kinds = new ArrayList<>();
        if (killExecutor) kinds.add(FaultKind.KILL_EXECUTOR);
        if (pauseExecutor) kinds.add(FaultKind.PAUSE_EXECUTOR);
        if (killClusterManager) kinds.add(FaultKind.KILL_CLUSTER_MANAGER);
        if (s3Outage != null) kinds.add(FaultKind.S3_OUTAGE);
        ChaosSpec.Trigger trigger;
        try {
            trigger = ChaosSpec.Trigger.valueOf(when.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--when " + when + ": must be start, map or reduce");
        }
        return new ChaosSpec(kinds, executor, signal.toUpperCase(java.util.Locale.ROOT), pauseFor,
                s3Outage == null ? Duration.ZERO : s3Outage, failTasks, trigger, after, every, max, seed);
    }
}
