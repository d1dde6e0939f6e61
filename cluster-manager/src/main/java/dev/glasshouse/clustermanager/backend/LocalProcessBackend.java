package dev.glasshouse.clustermanager.backend;

import com.typesafe.config.Config;
import dev.glasshouse.core.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each executor as a separate JVM on this machine, a child of this process:
 * {@code java -Xmx<memory>m -cp <class path> -Dglasshouse.executor.*=... dev.glasshouse.executor.ExecutorMain}.
 *
 * <p>An executor gets its own block directory {@code <workDir>/<executorId>/} and log {@code <workDir>/<executorId>.log}
 * (its stdout and stderr). S3 settings travel in the child's environment, never on its command line, so secrets
 * do not show in {@code ps}. The child watches this process and exits when it ends, so even a killed cluster
 * leaves no executors behind; {@link #stopAll()} leaves none either.
 *
 * <p>Thread-safe. Launches and stops run one at a time, in call order, on the backend's own thread.
 */
public final class LocalProcessBackend implements ExecutorBackend {
    /** The executor's entry point, named here because the cluster-manager does not depend on the executor. */
    public static final String EXECUTOR_MAIN_CLASS = "dev.glasshouse.executor.ExecutorMain";
    /** How long an executor may take to shut down cleanly (leave the cluster) before it is killed. */
    private static final long STOP_GRACE_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(LocalProcessBackend.class);

    /**
     * @param workDir     parent of every executor's block directory and log
     * @param host        address executors bind (actor system and block server)
     * @param master      the cluster-manager's host:port, the seed node executors join
     * @param classPath   the executors' class path
     * @param mainClass   the executors' main class; tests put a stand-in here
     * @param environment added to each executor's environment (S3 endpoint and credentials)
     * @param jvmOptions  further options before the main class, e.g. {@code -Dkey=value}
     */
    public record Settings(Path workDir, String host, String master, String classPath, String mainClass,
                           Map<String, String> environment, List<String> jvmOptions) {
        public Settings {
            workDir = workDir.toAbsolutePath();
            environment = Map.copyOf(environment);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /**
         * Executors of the cluster-manager at {@code glasshouse.cluster.host}:{@code clusterManagerPort}, with
         * this JVM's class path and the S3 settings, actor system name and executor memory fractions
         * ({@code glasshouse.executor.memory-fraction}, {@code .storage-fraction}) of {@code config}: set them where
         * the cluster-manager runs and every executor it starts divides its heap that way.
         */
        public static Settings fromConfig(Config config, Path workDir, int clusterManagerPort) {
            String host = config.getString("glasshouse.cluster.host");
            List<String> jvmOptions = new ArrayList<>(List.of(
                    "-Dglasshouse.s3.region=" + config.getString("glasshouse.s3.region"),
                    "-Dglasshouse.cluster.system-name=" + config.getString("glasshouse.cluster.system-name"),
                    "-Dglasshouse.executor.memory-fraction=" + config.getDouble("glasshouse.executor.memory-fraction"),
                    "-Dglasshouse.executor.storage-fraction="
                            + config.getDouble("glasshouse.executor.storage-fraction")));
            // Spark's spark.executor.extraJavaOptions: e.g. a JFR recording. Split on spaces; no quoting.
            String extra = config.getString("glasshouse.executor.extra-java-options").trim();
            if (!extra.isEmpty()) jvmOptions.addAll(List.of(extra.split("\\s+")));
            return new Settings(workDir, host, host + ":" + clusterManagerPort,
                    System.getProperty("java.class.path"), EXECUTOR_MAIN_CLASS,
                    Map.of("GLASSHOUSE_S3_ENDPOINT", config.getString("glasshouse.s3.endpoint"),
                            "GLASSHOUSE_S3_ACCESS_KEY", config.getString("glasshouse.s3.access-key"),
                            "GLASSHOUSE_S3_SECRET_KEY", config.getString("glasshouse.s3.secret-key")),
                    jvmOptions);
        }

        public Settings withMainClass(String mainClass) {
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions);
        }

        public Settings withClassPath(String classPath) {
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions);
        }
    }

    private final Settings settings;
    /** Launches and stops, in call order; off the caller's thread because starting a process takes a while. */
    private final ExecutorService operations = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "executor-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    /** Executors asked to stop: their exit is expected and not reported. */
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Listener listener;

    public LocalProcessBackend(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void launch(ExecutorLaunch launch) {
        if (listener == null) throw new IllegalStateException("start(listener) must come before launch");
        if (stopped.get()) {
            log.info("not launching executor {}: the backend is stopped", launch.executorId());
            return;
        }
        operations.execute(() -> startProcess(launch));
    }

    @Override
    public void stop(String executorId) {
        stopRequested.add(executorId);
        if (stopped.get()) return;
        operations.execute(() -> {
            Process process = processes.get(executorId);
            if (process == null) {
                stopRequested.remove(executorId);
            } else {
                terminate(process);
            }
        });
    }

    @Override
    public void stopAll() {
        if (!stopped.compareAndSet(false, true)) return;
        // Let a launch already under way finish, so that its process is known and stopped below.
        operations.shutdown();
        try {
            if (!operations.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) operations.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopRequested.addAll(processes.keySet());
        List<Process> running = new ArrayList<>(processes.values());
        running.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (Process process : running) {
            try {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    log.warn("executor process {} did not stop within {} s; killing it", process.pid(),
                            STOP_GRACE_SECONDS);
                    killTree(process);
                    process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree(process);
            }
        }
    }

    /** The operating-system process id of a running executor. */
    public Optional<Long> pid(String executorId) {
        return Optional.ofNullable(processes.get(executorId)).map(Process::pid);
    }

    private void startProcess(ExecutorLaunch launch) {
        if (stopped.get()) return;
        String id = launch.executorId();
        Path logFile = settings.workDir().resolve(id + ".log");
        try {
            Files.createDirectories(settings.workDir());
            ProcessBuilder builder = new ProcessBuilder(command(launch))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(settings.environment());
            Process process = builder.start();
            processes.put(id, process);
            log.info("started executor {} as process {} ({} cores, {} MB); log: {}", id, process.pid(),
                    launch.cores(), launch.memoryMb(), logFile);
            process.onExit().thenAccept(exited -> processExited(id, exited, logFile));
        } catch (IOException e) {
            log.error("could not start executor {}: {}", id, e.toString());
            listener.executorExited(id, -1, "could not start the executor process: " + e.getMessage());
        }
    }

    private List<String> command(ExecutorLaunch launch) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + launch.memoryMb() + "m");
        // No -XX:+ExitOnOutOfMemoryError: a task that runs out of heap fails on its own (its thread catches the
        // error and its objects become garbage), and the driver counts that against the task's retries. Exiting
        // instead would lose every block on the executor, and the driver does not count an executor's loss
        // against the tasks running on it, so the same task would kill executor after executor.
        // The throughput collector unless the options choose one: executors run batch work whose garbage dies
        // young, and on their small heaps it spends about a quarter less CPU than G1 (glasshouse bench, join).
        if (settings.jvmOptions().stream().noneMatch(option -> option.matches("-XX:\\+Use\\w+GC"))) {
            command.add("-XX:+UseParallelGC");
        }
        // The quick JIT compiler only, unless the options say otherwise: an executor lives for jobs of seconds,
        // and the optimizing compiler spent more CPU compiling (start-up, class loading, the S3 client) than its
        // code saved. Measured with glasshouse bench on fresh executors: the cluster ready sooner, the 10M groupby
        // 15.6 -> 10.3 CPU s, the 10M join 26.6 -> 20.6; once warm the join costs a fifth more, the groupby the same.
        if (settings.jvmOptions().stream().noneMatch(option -> option.contains("TieredStopAtLevel")
                || option.contains("TieredCompilation"))) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-cp");
        command.add(settings.classPath());
        command.add("-Dglasshouse.executor.id=" + launch.executorId());
        command.add("-Dglasshouse.executor.cores=" + launch.cores());
        command.add("-Dglasshouse.executor.memory-mb=" + launch.memoryMb());
        command.add("-Dglasshouse.executor.work-dir=" + blockDir(launch.executorId()));
        command.add("-Dglasshouse.executor.parent-pid=" + ProcessHandle.current().pid());
        command.add("-Dglasshouse.cluster.master=" + settings.master());
        command.add("-Dglasshouse.cluster.host=" + settings.host());
        command.addAll(settings.jvmOptions());
        command.add(settings.mainClass());
        return command;
    }

    private Path blockDir(String executorId) {
        return settings.workDir().resolve(executorId);
    }

    /**
     * Runs on the JDK's process reaper thread. The process leaves {@code processes} last, so once
     * {@link #pid} is empty its exit has been handled.
     */
    private void processExited(String executorId, Process process, Path logFile) {
        int exitCode = process.exitValue();
        // No one can read a gone executor's blocks: a replacement has a new id and a new directory.
        deleteBlockDir(executorId);
        if (stopRequested.remove(executorId)) {
            log.info("executor {} (process {}) stopped with code {}", executorId, process.pid(), exitCode);
        } else {
            log.warn("executor {} (process {}) exited with code {}; log: {}", executorId, process.pid(), exitCode,
                    logFile);
            listener.executorExited(executorId, exitCode,
                    "process exited with code " + exitCode + " (log: " + logFile + ")");
        }
        processes.remove(executorId, process);
    }

    private void deleteBlockDir(String executorId) {
        Path dir = blockDir(executorId);
        if (!Files.exists(dir)) return;
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("could not delete the blocks of executor {} in {}: {}", executorId, dir, e.toString());
        }
    }

    /** SIGTERM first, so the executor leaves the cluster cleanly; SIGKILL if it takes too long. */
    private static void terminate(Process process) {
        process.destroy();
        process.onExit()
                .completeOnTimeout(process, STOP_GRACE_SECONDS, TimeUnit.SECONDS)
                .thenAccept(p -> {
                    if (p.isAlive()) killTree(p);
                });
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
