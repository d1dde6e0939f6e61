package dev.glasshouse.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code glasshouse local} run as a child process, so the driver (this process), the cluster-manager and the
 * executors are separate JVMs, as on a real cluster. Used by {@code glasshouse demo} and the end-to-end tests.
 * The child (the local cluster's supervisor) exits when this process ends, however it ends.
 */
public final class LocalClusterProcess implements AutoCloseable {
    /** Fields after {@code executors} may follow; only these three are read. */
    private static final Pattern READY = Pattern.compile(
            "^GLASSHOUSE-READY master=(\\S+) s3=(\\S+) executors=(\\S+)( .*)?$");

    private final Process process;
    private final String master;
    private final String s3Endpoint;
    private final List<Long> executorPids;
    private final Path dataDir;

    private LocalClusterProcess(Process process, String master, String s3Endpoint, List<Long> executorPids,
                                Path dataDir) {
        this.process = process;
        this.master = master;
        this.s3Endpoint = s3Endpoint;
        this.executorPids = executorPids;
        this.dataDir = dataDir;
    }

    /** Starts the child on free ports and waits for its ready line. Its output is copied to {@code logFile}. */
    public static LocalClusterProcess start(int executors, int cores, int memoryMb, Path dataDir, Path logFile,
                                            long timeoutSeconds) throws IOException, InterruptedException {
        return start(executors, cores, memoryMb, dataDir, logFile, timeoutSeconds, java.util.Map.of(), "");
    }

    /** @param executorConf glasshouse.* settings for every executor ({@code glasshouse local --conf}) */
    public static LocalClusterProcess start(int executors, int cores, int memoryMb, Path dataDir, Path logFile,
                                            long timeoutSeconds, java.util.Map<String, String> executorConf)
            throws IOException, InterruptedException {
        return start(executors, cores, memoryMb, dataDir, logFile, timeoutSeconds, executorConf, "");
    }

    /**
     * @param executorConf        glasshouse.* settings for every executor ({@code glasshouse local --conf})
     * @param executorJavaOptions further JVM options for every executor
     *                            ({@code glasshouse.executor.extra-java-options}, separated by spaces), e.g. a
     *                            flight recording
     */
    public static LocalClusterProcess start(int executors, int cores, int memoryMb, Path dataDir, Path logFile,
                                            long timeoutSeconds, java.util.Map<String, String> executorConf,
                                            String executorJavaOptions)
            throws IOException, InterruptedException {
        // The quick JIT compiler only: this process starts S3Proxy (Jetty, Guice, jclouds) and Akka, and the
        // optimizing compiler's work on all that start-up code cost more than it gave back (glasshouse bench).
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dglasshouse.log.level=INFO",
                "-Dglasshouse.executor.extra-java-options=" + executorJavaOptions.trim(),
                "-cp", System.getProperty("java.class.path"),
                "dev.glasshouse.cli.GlasshouseCli", "local",
                "--executors", Integer.toString(executors), "--cores", Integer.toString(cores),
                "--memory", memoryMb + "m", "--port", Integer.toString(freePort()),
                "--s3-port", Integer.toString(freePort()), "--data-dir", dataDir.toString(),
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        executorConf.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, logFile, ready), "local-cluster-output");
        pump.setDaemon(true);
        pump.start();
        try {
            Matcher m = ready.get(timeoutSeconds, TimeUnit.SECONDS);
            List<Long> pids = new ArrayList<>();
            for (String pid : m.group(3).split(",")) pids.add(Long.parseLong(pid));
            return new LocalClusterProcess(process, m.group(1), m.group(2), pids, dataDir);
        } catch (Exception e) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("the local cluster did not start within " + timeoutSeconds + " s; see " + logFile
                    + " (" + e.getMessage() + ")", e);
        }
    }

    private static void pump(Process process, Path logFile, CompletableFuture<Matcher> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var log = java.nio.file.Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                Matcher m = READY.matcher(line);
                if (m.matches()) ready.complete(m);
            }
            ready.completeExceptionally(new IOException("exited with code " + process.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String master() {
        return master;
    }

    public String s3Endpoint() {
        return s3Endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** Operating-system process ids of the executors, as the cluster reported them when ready. */
    public List<Long> executorPids() {
        return executorPids;
    }

    /** The cluster's control surface: its processes now, and faults to inject. */
    public LocalClusterControl control() throws IOException {
        return LocalClusterControl.open(dataDir);
    }

    /** Stops the child the way Ctrl-C would (SIGTERM), so it stops its executors; kills it if it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
