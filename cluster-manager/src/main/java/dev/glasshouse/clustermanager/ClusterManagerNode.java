package dev.glasshouse.clustermanager;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.clustermanager.backend.ExecutorBackend;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
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
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClusterManagerNode(ActorSystem<ClusterManagerProtocol.Command> system, ExecutorBackend backend,
                               String master, Observer observer) {
        this.system = system;
        this.backend = backend;
        this.master = master;
        this.observer = observer;
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
        if (port <= 0) throw new IllegalArgumentException("the cluster-manager needs a fixed port, got " + port);
        String master = config.getString("glasshouse.cluster.host") + ":" + port;
        Config nodeConfig = config.withValue("glasshouse.cluster.master", ConfigValueFactory.fromAnyRef(master));
        ClusterManagerActor.Settings settings = new ClusterManagerActor.Settings(initialExecutors, cores, memoryMb,
                config.getDuration("glasshouse.cluster-manager.executor-start-timeout"),
                ClusterManagerActor.Settings.DEFAULT_MAX_CONSECUTIVE_START_FAILURES);
        Observer observer = new Observer();
        ActorSystem<ClusterManagerProtocol.Command> system = ClusterNode.start(
                ClusterManagerActor.create(backend, settings, observer), ClusterNode.Role.CLUSTER_MANAGER,
                nodeConfig, port);
        log.info("cluster-manager listening on {}", master);
        return new ClusterManagerNode(system, backend, master, observer);
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
        }
    }

    /** Receives the actor's view of registered executors and completes the waiters it satisfies. */
    private static final class Observer implements ClusterManagerActor.ExecutorsObserver {
        private final List<Waiter> waiters = new ArrayList<>();
        private List<ExecutorInfo> current = List.of();

        @Override
        public synchronized void executorsChanged(List<ExecutorInfo> registered) {
            current = List.copyOf(registered);
            waiters.removeIf(waiter -> waiter.future().isDone() || completeIfEnough(waiter));
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
