package dev.glasshouse.cli.local;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one cluster-manager process running, as a Kubernetes Deployment would: when it exits without being asked
 * to, a new one starts after {@link #RESTART_DELAY}, doubled for each restart in a row that lived less than
 * {@link #STABLE_AFTER} (up to {@link #MAX_RESTART_DELAY}), so that a cluster-manager that cannot start is not
 * restarted in a tight loop. Its output goes to this process's output.
 *
 * <p>Until {@link #keepRestarting()} an exit is not answered with a restart: while the cluster starts, a
 * cluster-manager that dies (a port in use, a bad setting) fails the start instead, with its exit code.
 *
 * <p>Thread-safe.
 */
final class ClusterManagerSupervisor implements AutoCloseable {
    static final Duration RESTART_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);
    /** The cluster-manager stops its executors before it exits; they get 5 s each, in parallel. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(ClusterManagerSupervisor.class);

    private final List<String> command;
    private final Map<String, String> environment;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-manager-restart");
        thread.setDaemon(true);
        return thread;
    });
    private Process current;
    private long startedAtNanos;
    private Duration nextDelay = RESTART_DELAY;
    private int restartCount;
    private boolean restarting;
    private boolean stopped;
    /** Completes with the exit code of the first process when it exits before {@link #keepRestarting()}. */
    private final CompletableFuture<Integer> exitedDuringStart = new CompletableFuture<>();

    private ClusterManagerSupervisor(List<String> command, Map<String, String> environment) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
    }

    /** Starts the first cluster-manager process. */
    static ClusterManagerSupervisor start(List<String> command, Map<String, String> environment) throws IOException {
        ClusterManagerSupervisor supervisor = new ClusterManagerSupervisor(command, environment);
        synchronized (supervisor) {
            supervisor.launch();
        }
        return supervisor;
    }

    /** From now on an unexpected exit is answered with a new process. */
    synchronized void keepRestarting() {
        restarting = true;
        if (current != null && !current.isAlive() && !stopped) scheduleRestart(current.exitValue());
    }

    /** The running cluster-manager process; empty while it is being restarted. */
    synchronized Optional<ProcessHandle> current() {
        return Optional.ofNullable(current).filter(Process::isAlive).map(Process::toHandle);
    }

    /** How many times the cluster-manager was restarted. */
    synchronized int restarts() {
        return restartCount;
    }

    CompletableFuture<Integer> exitedDuringStart() {
        return exitedDuringStart;
    }

    private void launch() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(environment);
        Process process = builder.start();
        current = process;
        startedAtNanos = System.nanoTime();
        log.info("cluster-manager started as process {}", process.pid());
        process.onExit().thenAccept(this::exited);
    }

    /** On the JDK's process reaper thread. */
    private synchronized void exited(Process process) {
        if (process != current || stopped) return;
        int code = process.exitValue();
        if (!restarting) {
            exitedDuringStart.complete(code);
            return;
        }
        scheduleRestart(code);
    }

    private void scheduleRestart(int exitCode) {
        Duration lived = Duration.ofNanos(System.nanoTime() - startedAtNanos);
        nextDelay = lived.compareTo(STABLE_AFTER) >= 0 ? RESTART_DELAY
                : restartCount == 0 ? RESTART_DELAY : min(nextDelay.multipliedBy(2), MAX_RESTART_DELAY);
        log.warn("the cluster-manager (process {}) exited with code {}; starting a new one in {} ms",
                current.pid(), exitCode, nextDelay.toMillis());
        restarts.schedule(this::restart, nextDelay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopped) return;
        try {
            restartCount++;
            launch();
        } catch (IOException e) {
            log.error("could not start a new cluster-manager: {}", e.toString());
            scheduleRestart(-1);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Stops the cluster-manager as Ctrl-C would (SIGTERM: it stops its executors first) and restarts nothing
     * more; kills it if it takes longer than {@link #STOP_WAIT}. Idempotent.
     */
    @Override
    public void close() {
        Process process;
        synchronized (this) {
            if (stopped) return;
            stopped = true;
            process = current;
        }
        restarts.shutdownNow();
        if (process == null || !process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("the cluster-manager (process {}) did not stop within {} s; killing it", process.pid(),
                        STOP_WAIT.toSeconds());
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
