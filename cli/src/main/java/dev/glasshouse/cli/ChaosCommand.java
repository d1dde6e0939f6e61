package dev.glasshouse.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.chaos.ChaosPlan;
import dev.glasshouse.cli.chaos.ChaosRun;
import dev.glasshouse.cli.chaos.ChaosSpec;
import dev.glasshouse.cli.chaos.LocalChaosTarget;
import dev.glasshouse.cli.local.LocalClusterControl;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code glasshouse chaos}: runs the sales job once without faults and once while injecting them, then prints a
 * report of what was injected, what the driver noticed and recomputed, and whether the answer changed.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Break a local cluster on purpose while a job runs, and show what it recomputed.",
                "Runs the sales-by-country job fault-free, then again under the faults you choose, and compares.",
                "Without --data-dir it starts its own local cluster; with it, it hits the one 'glasshouse local"
                        + " --data-dir DIR' runs."})
public final class ChaosCommand implements Callable<Integer> {
    static final String INPUT = "s3://raw/chaos-sales/";
    static final String OUTPUT = "s3://curated/chaos/";

    @Mixin
    ChaosOptions chaos;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the --data-dir of a running 'glasshouse local' to attack (default: start a cluster)")
    Path dataDir;

    @Option(names = "--executors", defaultValue = "3",
            description = "executors of the cluster started here, and executors the job asks for (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--rows", defaultValue = "100000", description = "sales rows to generate (default: ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--files", defaultValue = "8", description = "input files, one map task each (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--task-delay", paramLabel = "DURATION", defaultValue = "300ms", converter = DurationValue.class,
            description = "extra time every task takes, so faults land mid-stage on small data (default: ${DEFAULT-VALUE})")
    Duration taskDelay;

    @Option(names = "--shuffle-partitions", defaultValue = "8",
            description = "reduce tasks (default: ${DEFAULT-VALUE})")
    int shufflePartitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ChaosSpec chaosSpec;
        try {
            chaosSpec = chaos.spec();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (executors < 1 || files < 1 || rows < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--executors, --files and --rows must be at least 1");
        }
        return run(new ChaosPlan(chaosSpec), chaos.dryRun, dataDir, executors, rows, files, taskDelay,
                shufflePartitions, System.out);
    }

    /** Shared with {@code demo --chaos}. Returns the exit code: 0 when the result under chaos is unchanged. */
    static int run(ChaosPlan plan, boolean dryRun, Path attachTo, int executors, long rows, int files,
                   Duration taskDelay, int shufflePartitions, PrintStream out) throws Exception {
        out.print(plan.describe());
        if (dryRun) {
            out.println("Dry run: nothing started, nothing injected.");
            return 0;
        }
        if (attachTo != null) {
            LocalClusterControl control = LocalClusterControl.open(attachTo);
            return runOn(control, plan, executors, rows, files, taskDelay, shufflePartitions, out);
        }
        Path dir = Files.createTempDirectory("glasshouse-chaos-");
        try {
            out.println("Starting a local cluster: cluster-manager + " + executors + " executor JVM(s) + S3 ...");
            try (LocalClusterProcess cluster = LocalClusterProcess.start(executors, 1, 512, dir,
                    dir.resolve("local-cluster.log"), 120)) {
                return runOn(cluster.control(), plan, executors, rows, files, taskDelay, shufflePartitions, out);
            }
        } finally {
            FileTrees.deleteRecursively(dir);
        }
    }

    private static int runOn(LocalClusterControl control, ChaosPlan plan, int executors, long rows, int files,
                             Duration taskDelay, int shufflePartitions, PrintStream out) throws Exception {
        Config config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(control.s3Endpoint()));
        try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(config))) {
            new SalesDataGenerator(rows, files, DemoCommand.SEED).writeTo(store, S3Path.parse(INPUT));
        }
        out.printf("Generated %,d sales rows in %d file(s) at %s; every task takes %d ms longer%n", rows, files, INPUT,
                taskDelay.toMillis());
        ChaosRun.Result result = ChaosRun.run(plan, new LocalChaosTarget(control),
                new ChaosRun.Settings(control.master(), config, executors, shufflePartitions, INPUT, OUTPUT,
                        taskDelay, new ConsoleProgress(out), true), out);
        out.println();
        out.print(result.report());
        return result.resultUnchanged() ? 0 : 1;
    }
}
