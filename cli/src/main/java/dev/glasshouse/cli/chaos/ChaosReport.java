package dev.glasshouse.cli.chaos;

import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The end of every chaos run: the faults and when they were injected, how long the cluster took to notice each,
 * what was run again and why, the run's duration against the fault-free run, and whether the result is the same.
 * Built from the scheduler's own events, so it shows what the driver decided, not what the monkey hoped.
 */
public final class ChaosReport {

    /** One run of the workload. {@code error} is null when it succeeded. */
    public record Run(long startedAtMillis, long durationMillis, String checksum, int rows, String error) {
        public boolean succeeded() {
            return error == null;
        }
    }

    /**
     * @param recoveredAtMillis per fault number, when the cluster was whole again where the monkey can tell
     *                          (the cluster-manager restarted); absent otherwise
     */
    public record Inputs(ChaosPlan plan, List<InjectedFault> faults, Map<Integer, Long> recoveredAtMillis,
                         List<EventRecorder.Timed> events, Run faultFree, Run underChaos) {
    }

    private ChaosReport() {
    }

    /** True when the run under chaos succeeded with the fault-free result. */
    public static boolean resultUnchanged(Inputs inputs) {
        return inputs.faultFree().succeeded() && inputs.underChaos().succeeded()
                && inputs.faultFree().checksum().equals(inputs.underChaos().checksum());
    }

    public static String text(Inputs in) {
        StringBuilder text = new StringBuilder();
        long zero = in.underChaos().startedAtMillis();
        text.append("Chaos report (seed ").append(in.plan().spec().seed()).append(")\n");
        text.append("  Faults injected:\n");
        if (in.faults().isEmpty()) text.append("    none (the job ended before the first fault was due)\n");
        for (InjectedFault fault : in.faults()) {
            text.append(String.format("    #%d at %s: %s", fault.number(), offset(fault.atMillis(), zero),
                    fault.failed() == null ? fault.description() : "not injected (" + fault.failed() + ")"));
            text.append(detection(in, fault)).append('\n');
        }
        if (in.plan().spec().taskFailureProbability() > 0) {
            text.append(String.format("    task failures injected with probability %.2f%n",
                    in.plan().spec().taskFailureProbability()));
        }

        text.append("  What the driver did:\n");
        long firstFault = in.faults().stream().mapToLong(InjectedFault::atMillis).min().orElse(Long.MAX_VALUE);
        List<String> decisions = decisions(in.events(), zero, firstFault);
        if (decisions.isEmpty()) text.append("    nothing to recover\n");
        decisions.forEach(line -> text.append("    ").append(line).append('\n'));
        text.append("    ").append(rerunSummary(in.events())).append('\n');

        Run clean = in.faultFree();
        Run chaos = in.underChaos();
        if (chaos.succeeded() && clean.succeeded()) {
            text.append(String.format("  Duration: %.2f s under chaos, %.2f s fault-free (%+.0f%%)%n",
                    chaos.durationMillis() / 1000.0, clean.durationMillis() / 1000.0,
                    100.0 * (chaos.durationMillis() - clean.durationMillis()) / Math.max(1, clean.durationMillis())));
        }
        if (!clean.succeeded()) {
            text.append("  Result: the fault-free run failed (").append(clean.error()).append("): nothing to compare\n");
        } else if (!chaos.succeeded()) {
            text.append("  Result: the run under chaos FAILED: ").append(chaos.error()).append('\n');
        } else if (resultUnchanged(in)) {
            text.append(String.format("  Result: %d rows, checksum %s, EQUAL to the fault-free result%n", chaos.rows(),
                    chaos.checksum()));
        } else {
            text.append(String.format("  Result: DIFFERENT from the fault-free result: %d rows, checksum %s vs "
                    + "%d rows, checksum %s%n", chaos.rows(), chaos.checksum(), clean.rows(), clean.checksum()));
        }
        return text.toString();
    }

    /** How long until the driver noticed the fault, from its events. */
    private static String detection(Inputs in, InjectedFault fault) {
        if (fault.failed() != null) return "";
        if (fault.executorId() != null) {
            for (EventRecorder.Timed timed : in.events()) {
                if (timed.atMillis() >= fault.atMillis() && timed.event() instanceof SchedulerEvent.ExecutorRemoved removed
                        && removed.executorId().equals(fault.executorId())) {
                    return String.format("; the driver removed %s %.2f s later (%s)", removed.executorId(),
                            (timed.atMillis() - fault.atMillis()) / 1000.0, removed.reason());
                }
            }
            return fault.kind() == FaultKind.PAUSE_EXECUTOR
                    ? "; the driver kept the executor (it was continued before it was given up on)"
                    : "; the driver never removed it (the job ended first?)";
        }
        Long recovered = in.recoveredAtMillis().get(fault.number());
        if (recovered != null) {
            return String.format("; the supervisor had a new cluster-manager process running %.2f s later", (recovered - fault.atMillis()) / 1000.0);
        }
        return "";
    }

    /** Losses, replacements, resubmissions and failed attempts, in order, with the driver's reasons. */
    private static List<String> decisions(List<EventRecorder.Timed> events, long zero, long firstFault) {
        List<String> lines = new ArrayList<>();
        for (EventRecorder.Timed timed : events) {
            String at = offset(timed.atMillis(), zero) + ": ";
            SchedulerEvent event = timed.event();
            if (event instanceof SchedulerEvent.ExecutorRemoved removed) {
                lines.add(at + "executor " + removed.executorId() + " lost (" + removed.reason() + "); "
                        + removed.tasksRequeued() + " running task(s) re-queued");
            } else if (event instanceof SchedulerEvent.ExecutorAdded added && timed.atMillis() >= firstFault) {
                // Only replacements: the executors the application started with are no news.
                lines.add(at + "executor " + added.executor().executorId() + " joined the application (a replacement)");
            } else if (event instanceof SchedulerEvent.PartitionsResubmitted resubmitted) {
                lines.add(at + "stage " + resubmitted.stageId() + " attempt " + (resubmitted.attempt() + 1)
                        + ": recomputing partitions " + resubmitted.partitions() + " (" + resubmitted.reason() + ")");
            } else if (event instanceof SchedulerEvent.TaskEnded ended && !ended.succeeded()) {
                lines.add(at + "stage " + ended.task().stageId() + " partition " + ended.task().partition()
                        + " attempt " + ended.task().attempt() + " failed on " + ended.executorId() + ": "
                        + ended.error());
            } else if (event instanceof SchedulerEvent.SpeculativeTaskLaunched copy) {
                lines.add(at + "stage " + copy.task().stageId() + " partition " + copy.task().partition()
                        + ": speculative copy on " + copy.executorId() + " (" + copy.reason() + ")");
            } else if (event instanceof SchedulerEvent.JobFailed failed) {
                lines.add(at + "job " + failed.jobId() + " failed: " + failed.reason());
            }
        }
        return lines;
    }

    /** "Tasks run again: 3 (stage 0: partitions [1, 3]; stage 1: partitions [5])", from the attempt numbers. */
    static String rerunSummary(List<EventRecorder.Timed> events) {
        Map<String, TreeSet<Integer>> byStage = new TreeMap<>();
        int reruns = 0;
        for (EventRecorder.Timed timed : events) {
            if (timed.event() instanceof SchedulerEvent.TaskStarted started && started.task().attempt() > 0) {
                reruns++;
                byStage.computeIfAbsent("job " + started.task().jobId() + " stage " + started.task().stageId(),
                        k -> new TreeSet<>()).add(started.task().partition());
            }
        }
        if (reruns == 0) return "Tasks run again: none";
        List<String> parts = new ArrayList<>();
        byStage.forEach((stage, partitions) -> parts.add(stage + ": partitions " + partitions));
        return "Tasks run again: " + reruns + " (" + String.join("; ", parts) + ")";
    }

    private static String offset(long atMillis, long zero) {
        return String.format("+%.2f s", (atMillis - zero) / 1000.0);
    }
}
