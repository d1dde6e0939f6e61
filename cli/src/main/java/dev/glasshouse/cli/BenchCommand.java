package dev.glasshouse.cli;

import dev.glasshouse.cli.bench.BenchJob;
import dev.glasshouse.cli.bench.Benchmark;
import dev.glasshouse.cli.bench.RowCount;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glasshouse bench}: times the engine on generated sales data against a local cluster of its own, and
 * checks every answer against a reference computed without the engine. docs/benchmarks.md records the figures.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time groupby, filter-groupby and join jobs on generated sales data, and the scheduler on many "
                + "trivial tasks, on a local cluster of 2 executors x 1 core; check each answer.")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--rows", split = ",", defaultValue = "1m,10m", converter = RowCount.class, paramLabel = "N",
            description = "sales data set sizes, e.g. 1m,10m or 100000 (default: ${DEFAULT-VALUE})")
    List<Long> rows;

    @Option(names = "--jobs", split = ",", defaultValue = "groupby,filter-groupby,join,tasks", paramLabel = "JOB",
            description = "jobs to run: groupby, filter-groupby, join, tasks (default: ${DEFAULT-VALUE})")
    List<String> jobs;

    @Option(names = "--tasks", defaultValue = "10000", description = "tasks of the tasks job (default: ${DEFAULT-VALUE})")
    int tasks;

    @Option(names = "--repeat", defaultValue = "1", description = "runs of each job and size (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--data-dir", defaultValue = "glasshouse-bench-data",
            description = "the local cluster's folder: S3 data (kept, reused by the next run), executor blocks and "
                    + "logs (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--executor-memory", defaultValue = "512m", converter = MemorySize.class,
            description = "heap per executor (default: ${DEFAULT-VALUE})")
    int executorMemoryMb;

    @Option(names = "--executor-java-options", defaultValue = "", paramLabel = "OPTIONS",
            description = "further JVM options for the executors, separated by spaces, e.g. "
                    + "-XX:StartFlightRecording=filename=executor.jfr")
    String executorJavaOptions;

    @Option(names = "--json", description = "print the figures as one JSON document on stdout")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<BenchJob> selected = new ArrayList<>();
        for (String name : jobs) {
            try {
                BenchJob job = BenchJob.parse(name);
                if (!selected.contains(job)) selected.add(job);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--jobs: " + e.getMessage());
            }
        }
        if (tasks < 1 || repeat < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tasks and --repeat must be at least 1");
        }
        PrintStream progress = json ? System.err : System.out;
        var report = new Benchmark(new Benchmark.Settings(rows, selected, tasks, repeat, dataDir, 2, executorMemoryMb,
                executorJavaOptions), progress).run();
        if (json) {
            var mapper = JobReport.mapper();
            System.out.println(mapper.writeValueAsString(report.json(mapper)));
        } else {
            System.out.println();
            System.out.print(report.text());
        }
        if (!report.allMatch()) {
            System.err.println("MISMATCH: " + report.mismatches());
            throw new IllegalStateException("a job's answer differs from the reference: " + report.mismatches());
        }
        return 0;
    }
}
