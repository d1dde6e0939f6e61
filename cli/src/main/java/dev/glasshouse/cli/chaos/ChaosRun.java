package dev.glasshouse.cli.chaos;

import com.typesafe.config.Config;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One chaos experiment: the workload once without faults (the reference), then once more in a new application
 * while the monkey injects the plan's faults, then the report comparing the two.
 */
public final class ChaosRun {

    /**
     * @param config            the driver's configuration (S3 settings and any glasshouse.* overrides)
     * @param input             the sales data the workload reads
     * @param outputPrefix      the two runs write below it: {@code fault-free/} and {@code under-chaos/}
     * @param taskDelay         added to every task (see {@link ChaosWorkload})
     * @param progress          prints the driver's decisions live (the console's progress lines), or null
     * @param warmUp            run the fault-free job twice and compare with the second run: a first run on fresh
     *                          executor JVMs is slower (class loading, JIT), which would flatter the run under chaos
     */
    public record Settings(String master, Config config, int executors, int shufflePartitions, String input,
                           String outputPrefix, Duration taskDelay, Consumer<SchedulerEvent> progress,
                           boolean warmUp) {
    }

    /** What happened: the report's inputs (for tests) and its text. */
    public record Result(ChaosReport.Inputs inputs, String report) {
        public boolean resultUnchanged() {
            return ChaosReport.resultUnchanged(inputs);
        }
    }

    private ChaosRun() {
    }

    public static Result run(ChaosPlan plan, ChaosTarget target, Settings settings, PrintStream out)
            throws InterruptedException {
        if (settings.warmUp()) {
            out.println("Warm-up run (fresh executor JVMs are slower at first) ...");
            runOnce(settings, "warm-up/", null, null);
        }
        out.println("Fault-free run ...");
        ChaosReport.Run faultFree = runOnce(settings, "fault-free/", null, null);
        out.printf("  %s%n", faultFree.succeeded()
                ? String.format("%.2f s, %d rows, checksum %s", faultFree.durationMillis() / 1000.0, faultFree.rows(),
                faultFree.checksum())
                : "failed: " + faultFree.error());
        out.println("Run under chaos ...");
        EventRecorder recorder = new EventRecorder();
        ChaosMonkey monkey = new ChaosMonkey(plan, target, out);
        ChaosReport.Run underChaos;
        try {
            recorder.arm();
            monkey.start(recorder.trigger(plan.spec().trigger()));
            underChaos = runOnce(settings, "under-chaos/", recorder, plan.spec());
        } finally {
            monkey.close();
        }
        ChaosReport.Inputs inputs = new ChaosReport.Inputs(plan, monkey.injected(), monkey.recovered(),
                recorder.events(), faultFree, underChaos);
        return new Result(inputs, ChaosReport.text(inputs));
    }

    /** Runs the workload in an application of its own; with a spec, tasks fail at its rate. */
    private static ChaosReport.Run runOnce(Settings settings, String output, EventRecorder recorder, ChaosSpec spec) {
        long started = System.currentTimeMillis();
        GlasshouseSession.Builder builder = GlasshouseSession.builder()
                .config(settings.config())
                .master(settings.master())
                .config("glasshouse.driver.executors", settings.executors())
                .config("glasshouse.driver.shuffle-partitions", settings.shufflePartitions());
        if (recorder != null) builder.listener(recorder);
        if (settings.progress() != null && recorder != null) builder.listener(settings.progress());
        if (spec != null && spec.taskFailureProbability() > 0) {
            builder.config("glasshouse.chaos.task-failure-probability", spec.taskFailureProbability())
                    .config("glasshouse.chaos.seed", spec.seed());
        }
        try (GlasshouseSession session = builder.getOrCreate()) {
            long jobStart = System.currentTimeMillis();
            ChaosWorkload.Outcome outcome = ChaosWorkload.run(session, settings.input(),
                    settings.outputPrefix() + output, settings.taskDelay());
            return new ChaosReport.Run(jobStart, System.currentTimeMillis() - jobStart,
                    ResultChecksum.of(outcome.rows()), outcome.rows().size(), null);
        } catch (RuntimeException e) {
            return new ChaosReport.Run(started, System.currentTimeMillis() - started, null, 0,
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
