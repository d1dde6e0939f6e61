package dev.glasshouse.cli;

import dev.glasshouse.cli.jobs.SalesByCountryJob;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import dev.glasshouse.cli.chaos.ChaosPlan;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code glasshouse demo}: one shot. Starts a local cluster as a separate process (cluster-manager + executor
 * JVMs + embedded S3), generates sales data, runs the sales job with this process as the driver, prints what
 * happened, and stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local cluster, generate sales data, run the sales-by-country job, show what happened.")
public final class DemoCommand implements Callable<Integer> {
    /** The demo's data is always the same, so its answer can be checked independently. */
    static final long SEED = 42;

    @Option(names = "--rows", defaultValue = "100000", description = "sales rows to generate (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--files", defaultValue = "4", description = "input files (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--executors", defaultValue = "2", description = "executor JVMs (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--json", description = "print the summary and result as one JSON document on stdout")
    boolean json;

    @Option(names = "--chaos", description = "run the demo job under chaos instead: fault-free once, then with the "
            + "faults below (default: --kill-executor), and report; see 'glasshouse chaos --help'")
    boolean chaos;

    @Mixin
    ChaosOptions chaosOptions;

    @Option(names = "--task-delay", paramLabel = "DURATION", defaultValue = "300ms", converter = DurationValue.class,
            description = "with --chaos: extra time every task takes, so faults land mid-stage (default: ${DEFAULT-VALUE})")
    Duration taskDelay;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (chaos) return runUnderChaos();
        for (OptionSpec option : spec.options()) {
            boolean chaosOnly = option.longestName().equals("--task-delay")
                    || spec.mixins().get("chaosOptions").findOption(option.longestName()) != null;
            if (chaosOnly && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new ParameterException(spec.commandLine(), option.longestName() + " needs --chaos");
            }
        }
        PrintStream progress = json ? System.err : System.out;
        Path dataDir = Files.createTempDirectory("glasshouse-demo-");
        try {
            progress.println("Starting a local cluster: cluster-manager + " + executors + " executor JVM(s) + S3 ...");
            try (LocalClusterProcess cluster = LocalClusterProcess.start(executors, 1, 512, dataDir,
                    dataDir.resolve("local-cluster.log"), 120)) {
                progress.println("  master " + cluster.master() + " (pid " + cluster.pid() + "), executor pids "
                        + cluster.executorPids() + ", S3 " + cluster.s3Endpoint());
                S3Options s3 = new S3Options();
                s3.endpoint = cluster.s3Endpoint();
                try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(s3.config()))) {
                    long bytes = new SalesDataGenerator(rows, files, SEED).writeTo(store,
                            S3Path.parse(SalesByCountryJob.DEFAULT_INPUT));
                    progress.printf("Generated %,d sales rows in %d file(s) (%,d bytes) at %s%n", rows, files, bytes,
                            SalesByCountryJob.DEFAULT_INPUT);
                }
                SubmitCommand.runJob(System.out, cluster.master(), s3, executors, 8,
                        SalesByCountryJob.DEFAULT_INPUT, SalesByCountryJob.DEFAULT_OUTPUT, json);
            }
        } finally {
            FileTrees.deleteRecursively(dataDir);
        }
        return 0;
    }

    /** {@code demo --chaos}: the chaos run of 'glasshouse chaos' on the demo's data and cluster size. */
    private int runUnderChaos() throws Exception {
        if (json) throw new ParameterException(spec.commandLine(), "--json cannot be combined with --chaos");
        boolean faultChosen = chaosOptions.killExecutor || chaosOptions.pauseExecutor
                || chaosOptions.killClusterManager || chaosOptions.s3Outage != null || chaosOptions.failTasks > 0;
        if (!faultChosen) chaosOptions.killExecutor = true;
        ChaosPlan plan;
        try {
            plan = new ChaosPlan(chaosOptions.spec());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return ChaosCommand.run(plan, chaosOptions.dryRun, null, executors, rows, files, taskDelay, 8, System.out);
    }
}
