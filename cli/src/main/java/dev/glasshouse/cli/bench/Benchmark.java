package dev.glasshouse.cli.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.CustomersDataGenerator;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.StageSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Runs the benchmark: starts a local cluster of its own (timed), makes sure the data sets exist, runs each job on
 * each size and checks its answer against the reference. One driver session serves every job, so the executors'
 * JIT warms up over the run as it would in a long-lived application.
 */
public final class Benchmark {
    /** How long the driver may take, after the cluster is ready, to be granted its executors. */
    private static final long EXECUTOR_GRANT_TIMEOUT_MILLIS = 60_000;

    /**
     * @param rowCounts          sales data set sizes, run in this order
     * @param tasks              tasks of the {@link BenchJob#TASKS} job
     * @param executorJavaOptions further JVM options for the executors (e.g. a flight recording)
     */
    public record Settings(List<Long> rowCounts, List<BenchJob> jobs, int tasks, int repeat, Path dataDir,
                           int executors, int executorMemoryMb, String executorJavaOptions) {
    }

    private final Settings settings;
    private final PrintStream progress;

    public Benchmark(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchReport run() throws Exception {
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Files.createDirectories(settings.dataDir());
        Path log = settings.dataDir().resolve("local-cluster.log");
        progress.printf("Starting a local cluster: S3 + cluster-manager + %d executor JVM(s) (log: %s) ...%n",
                settings.executors(), log);
        long started = System.nanoTime();
        try (LocalClusterProcess cluster = LocalClusterProcess.start(settings.executors(), 1,
                settings.executorMemoryMb(), settings.dataDir().toAbsolutePath(), log, 120, java.util.Map.of(),
                settings.executorJavaOptions())) {
            double readySeconds = secondsSince(started);
            Config config = ConfigFactory.load()
                    .withValue("glasshouse.s3.endpoint", ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
            try (GlasshouseSession session = GlasshouseSession.builder().config(config).master(cluster.master())
                    .config("glasshouse.driver.executors", settings.executors())
                    .config("glasshouse.driver.executor-memory-mb", settings.executorMemoryMb())
                    .out(progress).getOrCreate()) {
                awaitExecutors(session);
                double startSeconds = secondsSince(started);
                progress.printf("Cluster ready in %.2f s; the driver held its executors at %.2f s%n", readySeconds,
                        startSeconds);
                HeapMonitor heap = null;
                String heapProblem = null;
                try {
                    heap = HeapMonitor.attach(cluster.executorPids());
                } catch (IOException | RuntimeException e) {
                    heapProblem = e.getMessage();
                    progress.println("Cannot watch the executors' heap: " + heapProblem);
                }
                try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(config))) {
                    BenchReport.Cluster figures = new BenchReport.Cluster(settings.executors(), 1,
                            settings.executorMemoryMb(), startSeconds, readySeconds, heapProblem);
                    List<BenchData.DataSet> dataSets = new ArrayList<>();
                    CpuClock cpu = new CpuClock(cluster.executorPids(), cluster.pid());
                    List<BenchRun> runs = runJobs(session, new BenchData(store), heap, cpu, dataSets);
                    return new BenchReport(BenchReport.Machine.describe(loadAtStart), figures, dataSets, runs);
                } finally {
                    if (heap != null) heap.close();
                }
            }
        }
    }

    private List<BenchRun> runJobs(GlasshouseSession session, BenchData data, HeapMonitor heap, CpuClock cpu,
                                   List<BenchData.DataSet> dataSets) {
        List<BenchRun> runs = new ArrayList<>();
        List<BenchJob> dataJobs = settings.jobs().stream().filter(BenchJob::readsSales).toList();
        if (!dataJobs.isEmpty()) {
            BenchData.DataSet customers = null;
            if (dataJobs.contains(BenchJob.JOIN)) {
                progress.println("Preparing the customers table ...");
                customers = data.customers();
                dataSets.add(customers);
            }
            for (long rows : settings.rowCounts()) {
                progress.printf("Preparing %,d sales rows (generated once, then reused from %s) ...%n", rows,
                        BenchData.salesPath(rows));
                BenchData.DataSet sales = data.sales(rows);
                dataSets.add(sales);
                for (BenchJob job : dataJobs) {
                    for (int run = 1; run <= settings.repeat(); run++) {
                        runs.add(report(runDataJob(session, job, sales, customers, run, heap, cpu)));
                    }
                }
            }
        }
        if (settings.jobs().contains(BenchJob.TASKS)) {
            for (int run = 1; run <= settings.repeat(); run++) {
                runs.add(report(runTasksJob(session, run, heap, cpu)));
            }
        }
        return runs;
    }

    private BenchRun report(BenchRun run) {
        progress.printf("  %-15s %,12d rows  run %d: %.3f s (CPU s: executors %.2f, S3+cluster-manager %.2f, driver %.2f;"
                        + " load %.1f)  %s%n", run.job().label(), run.rows(), run.run(), run.seconds(), run.cpu().executors(),
                run.cpu().cluster(), run.cpu().driver(), run.loadAverage(),
                run.matches() ? "checksum OK" : "checksum MISMATCH");
        return run;
    }

    private BenchRun runDataJob(GlasshouseSession session, BenchJob job, BenchData.DataSet sales,
                                BenchData.DataSet customers, int run, HeapMonitor heap, CpuClock cpu) {
        DataFrame salesFrame = session.read().option("header", "true").schema(SalesDataGenerator.schema())
                .csv(sales.path());
        DataFrame customersFrame = customers == null ? null : session.read().option("header", "true")
                .schema(CustomersDataGenerator.schema()).csv(customers.path());
        DataFrame query = job.query(salesFrame, customersFrame);
        if (heap != null) heap.reset();
        int jobsBefore = session.completedJobs().size();
        CpuClock.Reading cpuBefore = cpu.read();
        long started = System.nanoTime();
        List<Row> rows = query.collect();
        double seconds = secondsSince(started);
        CpuClock.Reading cpuUsed = cpu.read().minus(cpuBefore);
        HeapMonitor.Peak peak = heap == null ? null : heap.peak();
        Answer answer = job == BenchJob.JOIN ? Answer.ofSums(rows) : Answer.ofCounts(rows);
        return new BenchRun(job, sales.rows(), run, seconds, tasksSince(session, jobsBefore), answer,
                sales.expected().get(job), loadAverage(), cpuUsed, peak);
    }

    /**
     * {@code range(0, n, 1, n).collect()}: n tasks of one row each. The answer is the row count and the sum of the
     * ids, whose reference is plain arithmetic.
     */
    private BenchRun runTasksJob(GlasshouseSession session, int run, HeapMonitor heap, CpuClock cpu) {
        long n = settings.tasks();
        DataFrame range = session.range(0, n, 1, settings.tasks());
        if (heap != null) heap.reset();
        int jobsBefore = session.completedJobs().size();
        CpuClock.Reading cpuBefore = cpu.read();
        long started = System.nanoTime();
        List<Row> rows = range.collect();
        double seconds = secondsSince(started);
        CpuClock.Reading cpuUsed = cpu.read().minus(cpuBefore);
        HeapMonitor.Peak peak = heap == null ? null : heap.peak();
        long sum = 0;
        for (Row row : rows) sum += (Long) row.get(0);
        return new BenchRun(BenchJob.TASKS, n, run, seconds, tasksSince(session, jobsBefore),
                countAndSum(rows.size(), sum), countAndSum(n, n * (n - 1) / 2), loadAverage(), cpuUsed, peak);
    }

    private static Answer countAndSum(long count, long sum) {
        SortedMap<String, String> values = new TreeMap<>(Map.of("rows", Long.toString(count), "sum", Long.toString(sum)));
        return new Answer(values);
    }

    private static int tasksSince(GlasshouseSession session, int jobsBefore) {
        List<JobResult> jobs = session.completedJobs();
        int tasks = 0;
        for (JobResult job : jobs.subList(jobsBefore, jobs.size())) {
            for (StageSummary stage : job.stages()) tasks += stage.tasksRun();
        }
        return tasks;
    }

    private void awaitExecutors(GlasshouseSession session) throws InterruptedException {
        long deadline = System.currentTimeMillis() + EXECUTOR_GRANT_TIMEOUT_MILLIS;
        while (session.executors().size() < settings.executors()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the driver was granted " + session.executors().size() + " of "
                        + settings.executors() + " executors within " + EXECUTOR_GRANT_TIMEOUT_MILLIS / 1000 + " s");
            }
            Thread.sleep(5);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
