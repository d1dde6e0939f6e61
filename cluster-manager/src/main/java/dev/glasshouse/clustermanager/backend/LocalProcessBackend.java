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
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each executor as a separate JVM on this machine, a child of this process:
 * {@code java -Xmx<memory>m -cp <class path> -Dglasshouse.executor.*=... dev.glasshouse.executor.ExecutorMain}.
 *
 * <p>An executor gets its own block directory {@code <workDir>/<executorId>/} and log {@code <workDir>/<executorId>.log}
 * (its stdout and stderr). S3 settings travel in the child's environment, never on its command line, so secrets
 * do not show in {@code ps}. The child watches the process {@link Settings#parentPid} names (this one by default;
 * the local cluster's supervisor, so that executors outlive a cluster-manager that is restarted) and exits when it
 * ends, so even a killed cluster leaves no executors behind; {@link #stopAll()} leaves none either.
 *
 * <p>Executors a previous cluster-manager started are {@linkplain #adopt adopted}: not children of this process,
 * so their exit cannot be awaited; their process is polled every {@link #ADOPTED_POLL} instead.
 *
 * <p>Thread-safe. Launches and stops run one at a time, in call order, on the backend's own thread.
 */
public final class LocalProcessBackend implements ExecutorBackend {
    /** The executor's entry point, named here because the cluster-manager does not depend on the executor. */
    public static final String EXECUTOR_MAIN_CLASS = "dev.glasshouse.executor.ExecutorMain";
    /** How long an executor may take to shut down cleanly (leave the cluster) before it is killed. */
    private static final long STOP_GRACE_SECONDS = 5;
    /**
     * How often adopted executors are checked. The JDK's own {@code onExit()} of a process that is not a child
     * polls too, but backs off to every 5 s; a lost executor is to be noticed within 2 s.
     */
    static final Duration ADOPTED_POLL = Duration.ofMillis(200);
    private static final Logger log = LoggerFactory.getLogger(LocalProcessBackend.class);

    /**
     * @param workDir     parent of every executor's block directory and log
     * @param host        address executors bind (actor system and block server)
     * @param master      the cluster-manager's host:port, the seed node executors join
     * @param classPath   the executors' class path
     * @param mainClass   the executors' main class; tests put a stand-in here
     * @param environment added to each executor's environment (S3 endpoint and credentials)
     * @param jvmOptions  further options before the main class, e.g. {@code -Dkey=value}
     * @param parentPid   the process executors follow out ({@code glasshouse.executor.parent-pid}); 0 for this one
     */
    public record Settings(Path workDir, String host, String master, String classPath, String mainClass,
                           Map<String, String> environment, List<String> jvmOptions, long parentPid) {
        public Settings {
            workDir = workDir.toAbsolutePath();
            environment = Map.copyOf(environment);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** Executors that follow this process out. */
        public Settings(Path workDir, String host, String master, String classPath, String mainClass,
                        Map<String, String> environment, List<String> jvmOptions) {
            this(workDir, host, master, classPath, mainClass, environment, jvmOptions, 0);
        }

        /**
         * Executors of the cluster-manager at {@code glasshouse.cluster.host}:{@code clusterManagerPort}, with
         * this JVM's class path and the S3 settings, actor system name and executor memory fractions
         * ({@code glasshouse.executor.memory-fraction}, {@code .storage-fraction}) and S3 retry settings
         * ({@code glasshouse.s3.retry.*}) of {@code config}: set them where
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
            // How long executors wait out an S3 outage: the same as this process (glasshouse.s3.retry.*).
            for (String key : List.of("max-elapsed", "initial-backoff", "max-backoff")) {
                String path = "glasshouse.s3.retry." + key;
                if (config.hasPath(path)) {
                    jvmOptions.add("-D" + path + "=" + config.getDuration(path).toMillis() + "ms");
                }
            }
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
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions, parentPid);
        }

        public Settings withClassPath(String classPath) {
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions, parentPid);
        }

        public Settings withJvmOptions(List<String> jvmOptions) {
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions, parentPid);
        }

        public Settings withParentPid(long parentPid) {
            return new Settings(workDir, host, master, classPath, mainClass, environment, jvmOptions, parentPid);
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
    /** Executors a previous cluster-manager started, by id; they leave once their exit is handled. */
    private final Map<String, ProcessHandle> adopted = new ConcurrentHashMap<>();
    /** Polls the adopted executors; started by the first adoption. */
    private ScheduledExecutorService adoptedWatch;
    /** Executors asked to stop: their exit is expected and not reported. */
    private final Set<String> stopRequested = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile Listener listener;
    /** Exits of executors launched before {@link #start}, told once it is called. Guarded by {@code this}. */
    private final List<EarlyExit> exitsBeforeStart = new ArrayList<>();

    private record EarlyExit(String executorId, int exitCode, String reason) {
    }

    public LocalProcessBackend(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void start(Listener listener) {
        List<EarlyExit> early;
        synchronized (this) {
            this.listener = listener;
            early = List.copyOf(exitsBeforeStart);
            exitsBeforeStart.clear();
        }
        early.forEach(exit -> listener.executorExited(exit.executorId(), exit.exitCode(), exit.reason()));
    }

    @Override
    public void launch(ExecutorLaunch launch) {
        if (stopped.get()) {
            log.info("not launching executor {}: the backend is stopped", launch.executorId());
            return;
        }
        operations.execute(() -> startProcess(launch));
    }

    @Override
    public synchronized void adopt(String executorId, long pid) {
        if (stopped.get() || processes.containsKey(executorId) || adopted.containsKey(executorId)) return;
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            log.warn("executor {}: its process {} is not running", executorId, pid);
            tellExited(executorId, -1, "its process " + pid + " is not running");
            return;
        }
        adopted.put(executorId, process.get());
        log.info("adopted executor {} (process {}), started by an earlier cluster-manager", executorId, pid);
        if (adoptedWatch == null) {
            adoptedWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "adopted-executors-watch");
                thread.setDaemon(true);
                return thread;
            });
            adoptedWatch.scheduleWithFixedDelay(this::checkAdopted, ADOPTED_POLL.toMillis(), ADOPTED_POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop(String executorId) {
        stopRequested.add(executorId);
        if (stopped.get()) return;
        operations.execute(() -> {
            Process process = processes.get(executorId);
            ProcessHandle adoptedProcess = adopted.get(executorId);
            if (process != null) {
                terminate(process.toHandle());
            } else if (adoptedProcess != null) {
                terminate(adoptedProcess);
            } else {
                stopRequested.remove(executorId);
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
        List<ProcessHandle> running = new ArrayList<>();
        processes.values().forEach(process -> running.add(process.toHandle()));
        synchronized (this) {
            stopRequested.addAll(adopted.keySet());
            running.addAll(adopted.values());
            if (adoptedWatch != null) adoptedWatch.shutdownNow();
        }
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_GRACE_SECONDS);
        for (ProcessHandle process : running) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.warn("executor process {} did not stop within {} s; killing it", process.pid(),
                        STOP_GRACE_SECONDS);
                killTree(process);
                awaitExit(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree(process);
            }
        }
        // Adopted executors are not children: nothing else deletes their blocks.
        adopted.keySet().forEach(this::deleteBlockDir);
    }

    /** The operating-system process id of a running executor, launched or adopted. */
    public Optional<Long> pid(String executorId) {
        Process process = processes.get(executorId);
        if (process != null) return Optional.of(process.pid());
        return Optional.ofNullable(adopted.get(executorId)).map(ProcessHandle::pid);
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
            tellExited(id, -1, "could not start the executor process: " + e.getMessage());
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
        long parentPid = settings.parentPid() > 0 ? settings.parentPid() : ProcessHandle.current().pid();
        command.add("-Dglasshouse.executor.parent-pid=" + parentPid);
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
            tellExited(executorId, exitCode,
                    "process exited with code " + exitCode + " (log: " + logFile + ")");
        }
        processes.remove(executorId, process);
    }

    private void tellExited(String executorId, int exitCode, String reason) {
        Listener current;
        synchronized (this) {
            current = listener;
            if (current == null) {
                exitsBeforeStart.add(new EarlyExit(executorId, exitCode, reason));
                return;
            }
        }
        current.executorExited(executorId, exitCode, reason);
    }

    /** Runs on the watch thread: an adopted executor that is gone is handled like a child that exited. */
    private void checkAdopted() {
        for (Map.Entry<String, ProcessHandle> entry : adopted.entrySet()) {
            ProcessHandle process = entry.getValue();
            if (process.isAlive()) continue;
            String executorId = entry.getKey();
            deleteBlockDir(executorId);
            if (stopRequested.remove(executorId)) {
                log.info("adopted executor {} (process {}) stopped", executorId, process.pid());
            } else {
                Path logFile = settings.workDir().resolve(executorId + ".log");
                log.warn("adopted executor {} (process {}) ended; log: {}", executorId, process.pid(), logFile);
                tellExited(executorId, -1, "process " + process.pid() + " ended (log: " + logFile + ")");
            }
            adopted.remove(executorId, process);
        }
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
    private static void terminate(ProcessHandle process) {
        process.destroy();
        process.onExit()
                .completeOnTimeout(process, STOP_GRACE_SECONDS, TimeUnit.SECONDS)
                .thenAccept(p -> {
                    if (p.isAlive()) killTree(p);
                });
    }

    private static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("executor process {} is still there after SIGKILL", process.pid());
        }
    }
}
