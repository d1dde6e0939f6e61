package dev.glasshouse.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, in order, decided up front from the spec and its seed: the same options and seed give
 * the same plan, so a run that went wrong can be repeated. Which executor a "random" fault hits is decided when
 * it is injected (the cluster's executors change during a run), with a generator seeded from the same seed.
 */
public final class ChaosPlan {
    private final ChaosSpec spec;
    private final List<PlannedFault> faults;

    public ChaosPlan(ChaosSpec spec) {
        this.spec = spec;
        Random random = new Random(spec.seed());
        List<PlannedFault> planned = new ArrayList<>();
        for (int i = 0; i < spec.faultCount(); i++) {
            FaultKind kind = spec.kinds().get(random.nextInt(spec.kinds().size()));
            planned.add(new PlannedFault(i + 1, spec.after().plus(spec.every().multipliedBy(i)), kind));
        }
        this.faults = List.copyOf(planned);
    }

    public ChaosSpec spec() {
        return spec;
    }

    public List<PlannedFault> faults() {
        return faults;
    }

    /** What {@code --dry-run} prints: every fault, when and to what, and the task failure rate. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append("Chaos plan (seed ").append(spec.seed()).append("): ").append(faults.size())
                .append(" fault(s), the clock starting ").append(triggerText()).append('\n');
        for (PlannedFault fault : faults) {
            text.append(String.format("  #%d at +%.1f s: %s%n", fault.number(), fault.at().toMillis() / 1000.0,
                    action(fault.kind())));
        }
        if (spec.taskFailureProbability() > 0) {
            text.append(String.format("  every task attempt fails with probability %.2f (seeded; a failed task is "
                    + "retried, up to glasshouse.driver.task-max-failures attempts)%n", spec.taskFailureProbability()));
        }
        return text.toString();
    }

    private String triggerText() {
        return switch (spec.trigger()) {
            case START -> "when the job starts";
            case MAP -> "when the first map task has finished";
            case REDUCE -> "when the map stage is done (reduce tasks running)";
        };
    }

    String action(FaultKind kind) {
        String target = spec.executor().equals(ChaosSpec.RANDOM) ? "a random executor" : "executor " + spec.executor();
        return switch (kind) {
            case KILL_EXECUTOR -> "kill -" + spec.signal() + " " + target;
            case PAUSE_EXECUTOR -> "kill -STOP " + target + (spec.pauseFor().isZero() ? ", never continued"
                    : String.format(", kill -CONT after %.1f s", spec.pauseFor().toMillis() / 1000.0));
            case KILL_CLUSTER_MANAGER -> "kill -KILL the cluster-manager (the local supervisor restarts it)";
            case S3_OUTAGE -> String.format("take the S3 server down for %.1f s", spec.s3Outage().toMillis() / 1000.0);
        };
    }
}
