package dev.glasshouse.clustermanager;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import dev.glasshouse.clustermanager.backend.ExecutorBackend;
import dev.glasshouse.clustermanager.state.ClusterManagerState;
import dev.glasshouse.clustermanager.state.ClusterMembersRecorder;
import dev.glasshouse.clustermanager.state.ExecutorsFile;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running cluster-manager process: the seed node of the cluster, with the {@link ClusterManagerActor} as its
 * guardian and its executors started through an {@link ExecutorBackend}. What {@code glasshouse local} and a
 * stand-alone cluster-manager start, and what tests start.
 *
 * <p>With a state folder ({@link ClusterManagerState}) it survives its own crash: it records the cluster's
 * members and its executors there, and a node started again on the same folder rejoins the members it finds
 * (they are its seed nodes, after itself) and adopts the executors that register again.
 */
public final class ClusterManagerNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterManagerNode.class);
    private static final Duration TERMINATION_WAIT = Duration.ofSeconds(30);

    private record Waiter(int count, CompletableFuture<List<ExecutorInfo>> future) {
    }

    private final ActorSystem<ClusterManagerProtocol.Command> system;
    private final ExecutorBackend backend;
    private final String master;
    private final Observer observer;
    private final ClusterManagerState state;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterManagerNode(ActorSystem<ClusterManagerProtocol.Command> system, ExecutorBackend backend,
                               String master, Observer observer, ClusterManagerState state) {
        this.system = system;
        this.backend = backend;
        this.master = master;
        this.observer = observer;
        this.state = state;
    }

    /**
     * Starts the actor system as the cluster's seed node on {@code glasshouse.cluster.host}:{@code port} and
     * launches {@code initialExecutors} executors, which it then keeps running.
     *
     * @param config the process's configuration; {@code glasshouse.cluster.master} is replaced by this node's
     *               own address, and {@code glasshouse.cluster-manager.executor-start-timeout} is read
     * @param port   fixed, because executors and drivers must know the seed's address before it starts
     * @throws ClusterNode.PortInUseException when the port is taken
     */
    public static ClusterManagerNode start(Config config, int port, int initialExecutors, int cores, int memoryMb,
                                           ExecutorBackend backend) {
        try {
            return start(config, port, initialExecutors, cores, memoryMb, backend, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no state folder, no file read
        }
    }

    /**
     * Like {@link #start(Config, int, int, int, int, ExecutorBackend)}, keeping its state in {@code stateDir}
     * (null: none). When the folder holds the members of a cluster it was part of, the node rejoins that cluster
     * and, for {@code glasshouse.cluster-manager.adopt-wait}, waits for the executors still running to register
     * before it launches any.
     *
     * @throws IOException when the state folder holds files that cannot be read
     */
    public static ClusterManagerNode start(Config config, int port, int initialExecutors, int cores, int memoryMb,
                                           ExecutorBackend backend, Path stateDir) throws IOException {
        if (port <= 0) throw new IllegalArgumentException("the cluster-manager needs a fixed port, got " + port);
        String master = config.getString("glasshouse.cluster.host") + ":" + port;
        Config nodeConfig = config.withValue("glasshouse.cluster.master", ConfigValueFactory.fromAnyRef(master));
        ClusterManagerState state = stateDir == null ? null : new ClusterManagerState(stateDir);
        List<String> otherMembers = new ArrayList<>();
        int lastExecutorNumber = 0;
        if (state != null) {
            state.previousMembers().stream().filter(member -> !member.equals(master)).forEach(otherMembers::add);
            lastExecutorNumber = state.previousExecutors().map(ExecutorsFile.Snapshot::lastExecutorNumber).orElse(0);
        }
        boolean rejoining = !otherMembers.isEmpty();
        ClusterNode.checkPortFree(config.getString("glasshouse.cluster.host"), port, "cluster (Artery TCP) port");
        // A new cluster's executors start while the actor system does: their JVMs take longer to boot than Akka,
        // and they keep asking to join until this node is up. A rejoining node waits to learn who still runs.
        List<String> launchedBeforeStart = new ArrayList<>();
        if (!rejoining) {
            for (int n = 1; n <= initialExecutors; n++) {
                String executorId = ExecutorIds.of(lastExecutorNumber + n);
                launchedBeforeStart.add(executorId);
                backend.launch(new ExecutorBackend.ExecutorLaunch(executorId, cores, memoryMb));
            }
            log.info("launching executors {} while the actor system starts", launchedBeforeStart);
        }
        ClusterManagerActor.Settings settings = new ClusterManagerActor.Settings(initialExecutors, cores, memoryMb,
                config.getDuration("glasshouse.cluster-manager.executor-start-timeout"),
                ClusterManagerActor.Settings.DEFAULT_MAX_CONSECUTIVE_START_FAILURES,
                config.getDuration("glasshouse.cluster-manager.adopt-wait"), rejoining, lastExecutorNumber,
                launchedBeforeStart);
        Observer observer = new Observer(state, lastExecutorNumber);
        List<String> seedNodes = new ArrayList<>(List.of(master));
        seedNodes.addAll(otherMembers);
        if (rejoining) {
            log.info("cluster-manager restarted: rejoining the cluster of {} (from {})", otherMembers,
                    state.membersFile());
        }
        ActorSystem<ClusterManagerProtocol.Command> system;
        try {
            system = ClusterNode.start(ClusterManagerActor.create(backend, settings, observer),
                    ClusterNode.Role.CLUSTER_MANAGER, nodeConfig, port, seedNodes);
        } catch (RuntimeException e) {
            backend.stopAll(); // the executors launched early would wait for a node that never comes
            throw e;
        }
        if (state != null) {
            system.systemActorOf(ClusterMembersRecorder.create(state::saveMembers), "cluster-members-recorder",
                    Props.empty());
        }
        akka.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(
                () -> system.tell(ClusterManagerActor.JoinedCluster.INSTANCE));
        log.info("cluster-manager listening on {}", master);
        return new ClusterManagerNode(system, backend, master, observer, state);
    }

    public ActorSystem<ClusterManagerProtocol.Command> system() {
        return system;
    }

    /** The host:port drivers and executors join ({@code glasshouse.cluster.master} for them). */
    public String master() {
        return master;
    }

    /** The registered executors now, in registration order. */
    public List<ExecutorInfo> executors() {
        return observer.current();
    }

    /**
     * Completes with the registered executors once there are at least {@code count}; fails with a
     * {@link TimeoutException} saying how many came when {@code timeout} passes first.
     */
    public CompletionStage<List<ExecutorInfo>> awaitExecutors(int count, Duration timeout) {
        CompletableFuture<List<ExecutorInfo>> future = observer.await(count);
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                future.completeExceptionally(new TimeoutException("only " + executors().size() + " of " + count
                        + " executors registered within " + timeout.toSeconds() + " s; see the executor logs")));
        return future;
    }

    /**
     * Stops every executor, then the cluster-manager, and waits for both. Executors go first so they can leave
     * the cluster cleanly while their seed node is still there; a stopped backend launches nothing, so the
     * executors leaving are not replaced. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            backend.stopAll();
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture()
                        .get(TERMINATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.warn("the cluster-manager's actor system did not stop within {} s: {}",
                        TERMINATION_WAIT.toSeconds(), e.toString());
            }
            if (state != null) state.close();
        }
    }

    /**
     * Receives the actor's view of registered executors, completes the waiters it satisfies, and saves it in the
     * state folder, if any.
     */
    private static final class Observer implements ClusterManagerActor.ExecutorsObserver {
        private final List<Waiter> waiters = new ArrayList<>();
        private final ClusterManagerState state;
        private List<ExecutorInfo> current = List.of();
        private int lastExecutorNumber;

        Observer(ClusterManagerState state, int lastExecutorNumber) {
            this.state = state;
            this.lastExecutorNumber = lastExecutorNumber;
            save(); // a file of this process at once: what a previous one wrote is not current any more
        }

        @Override
        public synchronized void executorsChanged(List<ExecutorInfo> registered) {
            current = List.copyOf(registered);
            for (ExecutorInfo executor : current) {
                lastExecutorNumber = Math.max(lastExecutorNumber, ExecutorIds.number(executor.executorId()));
            }
            save();
            waiters.removeIf(waiter -> waiter.future().isDone() || completeIfEnough(waiter));
        }

        @Override
        public synchronized void executorLaunched(String executorId) {
            lastExecutorNumber = Math.max(lastExecutorNumber, ExecutorIds.number(executorId));
            save();
        }

        private void save() {
            if (state == null) return;
            state.saveExecutors(new ExecutorsFile.Snapshot(ProcessHandle.current().pid(), lastExecutorNumber,
                    current.stream().map(ExecutorsFile.Executor::of).toList()));
        }

        synchronized List<ExecutorInfo> current() {
            return current;
        }

        synchronized CompletableFuture<List<ExecutorInfo>> await(int count) {
            Waiter waiter = new Waiter(count, new CompletableFuture<>());
            if (!completeIfEnough(waiter)) waiters.add(waiter);
            return waiter.future();
        }

        /** Completes on another thread: whatever the caller chained to the future must not run on the actor's. */
        private boolean completeIfEnough(Waiter waiter) {
            if (current.size() < waiter.count()) return false;
            List<ExecutorInfo> executors = current;
            waiter.future().completeAsync(() -> executors);
            return true;
        }
    }
}
