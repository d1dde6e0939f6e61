package dev.glasshouse.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/** What {@code glasshouse bench} measured, as text for people or as one JSON document for scripts. */
public record BenchReport(Machine machine, Cluster cluster, List<BenchData.DataSet> dataSets, List<BenchRun> runs) {

    /** The machine the figures were taken on. */
    record Machine(int cores, long memoryBytes, String java, String os, double loadAtStart, double loadAtEnd) {
        static Machine describe(double loadAtStart) {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Machine(Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"),
                    loadAtStart, os.getSystemLoadAverage());
        }
    }

    /**
     * @param startSeconds from starting the cluster process to a driver holding its executors, ready for a job
     * @param readySeconds of which: until the cluster reported ready (S3, cluster-manager, executors registered)
     */
    record Cluster(int executors, int coresPerExecutor, int executorMemoryMb, double startSeconds,
                   double readySeconds, String heapWatch) {
    }

    public boolean allMatch() {
        return runs.stream().allMatch(BenchRun::matches);
    }

    /** One line per run whose answer differs from the reference: job, size, both checksums. */
    public String mismatches() {
        return String.join("; ", runs.stream().filter(run -> !run.matches()).map(run -> String.format(Locale.ROOT,
                "%s at %,d rows (run %d): checksum %s, reference %s", run.job().label(), run.rows(), run.run(),
                run.answer().checksum(), run.expected().checksum())).toList());
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "machine: %d cores, %.1f GiB memory, %s, %s; load average %.2f at start, %.2f at end%n",
                machine.cores(), machine.memoryBytes() / (1024.0 * 1024 * 1024), machine.java(), machine.os(),
                machine.loadAtStart(), machine.loadAtEnd()));
        out.append(String.format(Locale.ROOT, "cluster: %d executors x %d core, %d MB heap each; ready (S3, cluster-manager, "
                        + "executors registered) in %.2f s; a driver joined and held its executors at %.2f s%n",
                cluster.executors(), cluster.coresPerExecutor(), cluster.executorMemoryMb(), cluster.readySeconds(),
                cluster.startSeconds()));
        if (cluster.heapWatch() != null) out.append("heap:    not watched: ").append(cluster.heapWatch()).append('\n');
        for (BenchData.DataSet data : dataSets) {
            out.append(String.format(Locale.ROOT, "data:    %s %,d rows, %d file(s), %.1f MB (%s in %.1f s)%n", data.path(),
                    data.rows(), data.files(), data.bytes() / 1e6, data.reused() ? "reused" : "generated",
                    data.secondsToPrepare()));
        }
        out.append('\n');
        out.append(String.format(Locale.ROOT, "%-15s %12s %3s %9s %16s %6s  %-16s  %-8s  %-20s  %s%n", "job", "rows", "run",
                "seconds", "rows/s", "tasks", "checksum", "result", "CPU s: exec/S3/drv", "executor heap MB: peak / after GC / budget"));
        for (BenchRun run : runs) {
            String throughput = run.job() == BenchJob.TASKS
                    ? String.format(Locale.ROOT, "%,.0f tasks/s", run.throughput())
                    : String.format(Locale.ROOT, "%,.0f", run.throughput());
            String cpu = String.format(Locale.ROOT, "%.2f/%.2f/%.2f", run.cpu().executors(), run.cpu().cluster(),
                    run.cpu().driver());
            out.append(String.format(Locale.ROOT, "%-15s %,12d %3d %9.3f %16s %6d  %-16s  %-8s  %-20s  %s%n", run.job().label(),
                    run.rows(), run.run(), run.seconds(), throughput, run.tasks(), run.answer().checksum(),
                    run.matches() ? "OK" : "MISMATCH", cpu, heapText(run.heap())));
        }
        return out.toString();
    }

    private static String heapText(HeapMonitor.Peak heap) {
        if (heap == null) return "-";
        return String.format(Locale.ROOT, "%d / %s / %d", mb(heap.usedBytes()),
                heap.afterGcBytes() < 0 ? "no GC" : Long.toString(mb(heap.afterGcBytes())), mb(heap.maxBytes()));
    }

    private static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024));
    }

    public ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("memoryBytes", machine.memoryBytes());
        m.put("java", machine.java());
        m.put("os", machine.os());
        m.put("loadAverageAtStart", machine.loadAtStart());
        m.put("loadAverageAtEnd", machine.loadAtEnd());
        ObjectNode c = root.putObject("cluster");
        c.put("executors", cluster.executors());
        c.put("coresPerExecutor", cluster.coresPerExecutor());
        c.put("executorMemoryMb", cluster.executorMemoryMb());
        c.put("startSeconds", cluster.startSeconds());
        c.put("readySeconds", cluster.readySeconds());
        if (cluster.heapWatch() != null) c.put("heapNotWatched", cluster.heapWatch());
        ArrayNode data = root.putArray("data");
        for (BenchData.DataSet set : dataSets) {
            ObjectNode d = data.addObject();
            d.put("path", set.path());
            d.put("rows", set.rows());
            d.put("files", set.files());
            d.put("bytes", set.bytes());
            d.put("reused", set.reused());
            d.put("secondsToPrepare", set.secondsToPrepare());
        }
        ArrayNode results = root.putArray("results");
        for (BenchRun run : runs) {
            ObjectNode r = results.addObject();
            r.put("job", run.job().label());
            r.put("rows", run.rows());
            r.put("run", run.run());
            r.put("seconds", run.seconds());
            if (run.job() == BenchJob.TASKS) {
                r.put("tasksPerSecond", run.throughput());
            } else {
                r.put("rowsPerSecond", run.throughput());
            }
            r.put("tasks", run.tasks());
            r.put("checksum", run.answer().checksum());
            r.put("referenceChecksum", run.expected().checksum());
            r.put("matches", run.matches());
            if (!run.matches()) {
                ObjectNode answer = r.putObject("answer");
                run.answer().values().forEach(answer::put);
                ObjectNode expected = r.putObject("referenceAnswer");
                run.expected().values().forEach(expected::put);
            }
            r.put("loadAverage", run.loadAverage());
            ObjectNode cpu = r.putObject("cpuSeconds");
            cpu.put("executors", run.cpu().executors());
            cpu.put("s3AndClusterManager", run.cpu().cluster());
            cpu.put("driver", run.cpu().driver());
            if (run.heap() != null) {
                r.put("peakHeapBytes", run.heap().usedBytes());
                if (run.heap().afterGcBytes() >= 0) r.put("peakHeapAfterGcBytes", run.heap().afterGcBytes());
                r.put("heapBudgetBytes", run.heap().maxBytes());
            }
        }
        root.put("allMatch", allMatch());
        return root;
    }

    static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
