package dev.glasshouse.cli.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out a {@link ChaosPlan} against a {@link ChaosTarget} on a thread of its own: waits for the plan's
 * trigger, then injects each fault at its time, prints a line for it and keeps it for the report. A fault that
 * cannot be injected (no executor alive, say) is kept with the reason and the run goes on.
 */
public final class ChaosMonkey implements AutoCloseable {
    /** Longest wait for the trigger: a job that never starts or never shuffles must not keep the monkey forever. */
    private static final Duration TRIGGER_WAIT = Duration.ofMinutes(10);
    /** How long the monkey looks for a restarted cluster-manager. */
    private static final Duration RESTART_WATCH = Duration.ofMinutes(2);

    private final ChaosPlan plan;
    private final ChaosTarget target;
    private final PrintStream out;
    /** Seeded apart from the plan's generator, so target choice does not change which faults are planned. */
    private final Random targets;
    private final List<InjectedFault> injected = new ArrayList<>();
    private final Map<Integer, Long> recovered = new ConcurrentHashMap<>();
    /** Pids of executors this monkey killed or paused; only its own thread uses it. */
    private final java.util.Set<Long> hit = new java.util.HashSet<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean stopped;
    private Thread thread;

    public ChaosMonkey(ChaosPlan plan, ChaosTarget target, PrintStream out) {
        this.plan = plan;
        this.target = target;
        this.out = out;
        this.targets = new Random(plan.spec().seed() * 31 + 17);
    }

    /** Starts the monkey; it waits for {@code trigger} (completing with a wall-clock time) before the first fault. */
    public void start(CompletableFuture<Long> trigger) {
        thread = new Thread(() -> run(trigger), "chaos-monkey");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(CompletableFuture<Long> trigger) {
        try {
            if (plan.faults().isEmpty()) return;
            long start;
            try {
                start = trigger.get(TRIGGER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                out.println("[chaos] the trigger did not happen within " + TRIGGER_WAIT.toMinutes() + " min; no fault");
                return;
            }
            for (PlannedFault fault : plan.faults()) {
                long wait = start + fault.at().toMillis() - System.currentTimeMillis();
                if (wait > 0) Thread.sleep(wait);
                if (stopped) return;
                InjectedFault done;
                try {
                    done = inject(fault);
                } catch (java.io.IOException e) {
                    // The target went away between choosing and signalling it: note it and go on with the plan.
                    done = new InjectedFault(fault.number(), fault.kind(), System.currentTimeMillis(),
                            plan.action(fault.kind()), null, e.getMessage());
                }
                synchronized (injected) {
                    injected.add(done);
                }
                out.println("[chaos] #" + done.number() + " " + (done.failed() == null ? done.description()
                        : "not injected: " + done.failed()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            out.println("[chaos] stopped: " + e);
        } finally {
            finished.complete(null);
        }
    }

    private InjectedFault inject(PlannedFault fault) throws Exception {
        ChaosSpec spec = plan.spec();
        long now = System.currentTimeMillis();
        switch (fault.kind()) {
            case KILL_EXECUTOR, PAUSE_EXECUTOR -> {
                ChaosTarget.ExecutorProcess victim = chooseExecutor();
                if (victim == null) {
                    return new InjectedFault(fault.number(), fault.kind(), now, plan.action(fault.kind()), null,
                            spec.executor().equals(ChaosSpec.RANDOM) ? "no executor alive"
                                    : "executor " + spec.executor() + " is not alive");
                }
                String signal = fault.kind() == FaultKind.KILL_EXECUTOR ? spec.signal() : "STOP";
                hit.add(victim.pid());
                target.signal(victim.pid(), signal);
                String description = "kill -" + signal + " executor " + victim.executorId() + " (pid " + victim.pid()
                        + ")";
                if (fault.kind() == FaultKind.PAUSE_EXECUTOR && !spec.pauseFor().isZero()) {
                    continueLater(victim, spec.pauseFor());
                    description += String.format(", kill -CONT after %.1f s", spec.pauseFor().toMillis() / 1000.0);
                }
                return new InjectedFault(fault.number(), fault.kind(), now, description, victim.executorId(), null);
            }
            case KILL_CLUSTER_MANAGER -> {
                long pid = target.clusterManagerPid();
                target.signal(pid, "KILL");
                watchRestart(fault.number(), pid);
                return new InjectedFault(fault.number(), fault.kind(), now,
                        "kill -KILL the cluster-manager (pid " + pid + ")", null, null);
            }
            case S3_OUTAGE -> {
                target.takeDownS3(spec.s3Outage());
                return new InjectedFault(fault.number(), fault.kind(), now,
                        String.format("S3 server down for %.1f s", spec.s3Outage().toMillis() / 1000.0), null, null);
            }
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
    }

    private ChaosTarget.ExecutorProcess chooseExecutor() throws Exception {
        // Not one hit already: a killed executor is listed until the cluster-manager has noticed, and a paused one
        // until it is given up on; hitting it again would be no new fault.
        List<ChaosTarget.ExecutorProcess> alive = target.executors().stream()
                .filter(e -> !hit.contains(e.pid())).toList();
        if (alive.isEmpty()) return null;
        String wanted = plan.spec().executor();
        if (wanted.equals(ChaosSpec.RANDOM)) return alive.get(targets.nextInt(alive.size()));
        return alive.stream().filter(e -> e.executorId().equals(wanted)).findFirst().orElse(null);
    }

    private void continueLater(ChaosTarget.ExecutorProcess victim, Duration after) {
        CompletableFuture.delayedExecutor(after.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            try {
                target.signal(victim.pid(), "CONT");
                out.println("[chaos] kill -CONT executor " + victim.executorId() + " (pid " + victim.pid() + ")");
            } catch (Exception e) {
                // Already gone: the cluster gave up on it and stopped it, which is the point of the experiment.
                out.println("[chaos] executor " + victim.executorId() + " was not continued: it is gone");
            }
        });
    }

    /** Notes when a cluster-manager other than {@code killedPid} runs: the local supervisor restarted it. */
    private void watchRestart(int faultNumber, long killedPid) {
        Thread watcher = new Thread(() -> {
            long deadline = System.currentTimeMillis() + RESTART_WATCH.toMillis();
            while (!stopped && System.currentTimeMillis() < deadline) {
                try {
                    long pid = target.clusterManagerPid();
                    if (pid != killedPid && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        recovered.put(faultNumber, System.currentTimeMillis());
                        out.println("[chaos] cluster-manager restarted as pid " + pid);
                        return;
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // The control file may be mid-rewrite: look again.
                }
            }
        }, "chaos-restart-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Per fault number, when the cluster was whole again where the monkey can tell (a restarted cluster-manager). */
    public Map<Integer, Long> recovered() {
        return Map.copyOf(recovered);
    }

    /** The faults injected so far, in order. */
    public List<InjectedFault> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    /** Stops injecting (the job ended): faults not yet due are dropped. Waits for a fault under way to finish. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }
}
