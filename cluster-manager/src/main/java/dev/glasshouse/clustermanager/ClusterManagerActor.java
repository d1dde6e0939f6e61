package dev.glasshouse.clustermanager;

import akka.Done;
import akka.actor.Cancellable;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import dev.glasshouse.clustermanager.ExecutorRegistry.RegisteredExecutor;
import dev.glasshouse.clustermanager.backend.ExecutorBackend;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-manager: keeps the configured number of executors running through the {@link ExecutorBackend},
 * accepts their registrations, and lends them to drivers' applications until the application ends or its
 * driver goes away.
 *
 * <p>An executor is lost when its process exits (the backend says so) or when its actor system leaves the
 * cluster (the watch says so); either may come first and both may come, so losing is idempotent. The owning
 * driver hears {@link DriverProtocol.ExecutorLost}, and a replacement starts under a new id. Executors that
 * keep dying before they register (a broken class path, a port in use) are not replaced forever: after
 * {@link Settings#maxConsecutiveStartFailures} in a row the actor stops launching and says why.
 *
 * <p>When its actor system shuts down, the actor stops first, before the node leaves the cluster: executors
 * that then lose sight of it, or are stopped by the backend, are not mistaken for lost ones and replaced.
 *
 * <p>A cluster-manager restarted into a running cluster ({@link Settings#adoptAtStart}) re-learns what the one
 * before it knew: executors register again when the Receptionist lists it, and those it did not launch are
 * {@linkplain ExecutorBackend#adopt adopted}; drivers ask again, naming the executors they hold, which stay
 * theirs. Until {@link Settings#adoptWait} after it has {@linkplain JoinedCluster joined the cluster} it launches
 * and grants nothing, so that live executors are not replaced nor given to the wrong application; new ids
 * continue after the highest it has seen.
 *
 * <p>Invariants: every registered executor is watched; every application with a request has its driver in
 * {@code driverOf}, and every driver there is watched exactly once.
 */
public final class ClusterManagerActor extends AbstractBehavior<ClusterManagerProtocol.Command> {

    /**
     * @param targetExecutors       executors kept running (the cluster's {@code --executors})
     * @param executorStartTimeout  a launched executor that has not registered by then counts as failed
     * @param adoptWait             how long an executor a driver says it holds may take to register
     *                              ({@code glasshouse.cluster-manager.adopt-wait}); and with
     *                              {@code adoptAtStart}, how long to launch and grant nothing after joining
     * @param adoptAtStart          this cluster-manager replaces one whose executors may still run
     * @param lastExecutorNumber    the highest {@code exec-N} used before; new executors are numbered after it
     * @param launchedBeforeStart   executors launched through the backend before the actor started (while the
     *                              actor system started): they count as starting, and are not launched again
     */
    public record Settings(int targetExecutors, int executorCores, int executorMemoryMb,
                           Duration executorStartTimeout, int maxConsecutiveStartFailures, Duration adoptWait,
                           boolean adoptAtStart, int lastExecutorNumber, List<String> launchedBeforeStart) {
        public static final int DEFAULT_MAX_CONSECUTIVE_START_FAILURES = 5;
        public static final Duration DEFAULT_ADOPT_WAIT = Duration.ofSeconds(3);

        public Settings {
            launchedBeforeStart = List.copyOf(launchedBeforeStart);
        }

        /** A cluster-manager of a new cluster that launches all its executors itself. */
        public Settings(int targetExecutors, int executorCores, int executorMemoryMb, Duration executorStartTimeout,
                        int maxConsecutiveStartFailures) {
            this(targetExecutors, executorCores, executorMemoryMb, executorStartTimeout, maxConsecutiveStartFailures,
                    DEFAULT_ADOPT_WAIT, false, 0, List.of());
        }
    }

    /** Told the registered executors after each change, on the actor's thread: must return at once. */
    @FunctionalInterface
    public interface ExecutorsObserver {
        void executorsChanged(List<ExecutorInfo> registered);

        /** An executor id is about to be launched: a restarted cluster-manager must not use it again. */
        default void executorLaunched(String executorId) {
        }
    }

    /** From the backend: an executor's process ended without being asked to. */
    private record ExecutorProcessExited(String executorId, int exitCode, String reason)
            implements ClusterManagerProtocol.Command {
    }

    /** From the watch: an executor's actor system left the cluster or was downed. */
    private record ExecutorTerminated(String executorId, long incarnation) implements ClusterManagerProtocol.Command {
    }

    /** A launched executor did not register in time. Also the key of its timer. */
    private record StartTimedOut(String executorId) implements ClusterManagerProtocol.Command {
    }

    /** From coordinated shutdown, before the node leaves the cluster. */
    private record StopForShutdown(ActorRef<Done> replyTo) implements ClusterManagerProtocol.Command {
    }

    /** From the watch: a driver is gone, so its applications are over. */
    private record DriverTerminated(ActorRef<DriverProtocol.Command> driver) implements ClusterManagerProtocol.Command {
    }

    /**
     * In-process, from {@link ClusterManagerNode}: this node is up in the cluster. A restarted cluster-manager's
     * wait for executors to register again starts here, not when the actor starts: before joining, nobody can
     * reach it.
     */
    public enum JoinedCluster implements ClusterManagerProtocol.Command { INSTANCE }

    /** The wait after a restart is over: launch and grant again. */
    private enum AdoptWaitOver implements ClusterManagerProtocol.Command { INSTANCE }

    /** An executor a driver holds did not register in time. Also the key of its timer. */
    private record ClaimExpired(String executorId) implements ClusterManagerProtocol.Command {
    }

    /** Stopping takes one message; the shutdown phase waits no longer than this for it. */
    private static final Duration SHUTDOWN_STOP_TIMEOUT = Duration.ofSeconds(3);

    private final ExecutorBackend backend;
    private final Settings settings;
    private final ExecutorsObserver observer;
    private final TimerScheduler<ClusterManagerProtocol.Command> timers;
    private final Cancellable stopBeforeLeaving;
    private final ExecutorRegistry<ActorRef<ExecutorProtocol.Command>> registry = new ExecutorRegistry<>();
    /** Launched through the backend and not registered yet. */
    private final Set<String> starting = new LinkedHashSet<>();
    /**
     * Executors given up on and stopped, whose registrations arriving late are not accepted: ids that never
     * registered, and the incarnation that was lost by id (a restart under the same id is a new incarnation).
     */
    private final Set<String> failedStarts = new HashSet<>();
    private final Map<String, Long> lostIncarnations = new HashMap<>();
    private final Map<String, ActorRef<DriverProtocol.Command>> driverOf = new HashMap<>();
    private final Set<ActorRef<DriverProtocol.Command>> watchedDrivers = new HashSet<>();
    private int lastExecutorNumber;
    /** Executors that ended before registering since the last registration. */
    private int consecutiveStartFailures;
    /** During the wait after a restart: nothing is launched nor granted. */
    private boolean adopting;

    public static Behavior<ClusterManagerProtocol.Command> create(ExecutorBackend backend, Settings settings,
                                                                  ExecutorsObserver observer) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new ClusterManagerActor(context, timers, backend, settings, observer)));
    }

    private ClusterManagerActor(ActorContext<ClusterManagerProtocol.Command> context,
                                TimerScheduler<ClusterManagerProtocol.Command> timers, ExecutorBackend backend,
                                Settings settings, ExecutorsObserver observer) {
        super(context);
        this.backend = backend;
        this.settings = settings;
        this.observer = observer;
        this.timers = timers;
        ActorRef<ClusterManagerProtocol.Command> self = context.getSelf();
        context.getSystem().receptionist().tell(Receptionist.register(ClusterManagerProtocol.SERVICE_KEY, self));
        Scheduler scheduler = context.getSystem().scheduler();
        this.stopBeforeLeaving = CoordinatedShutdown.get(context.getSystem()).addCancellableTask(
                CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-cluster-manager",
                () -> AskPattern.ask(self, StopForShutdown::new, SHUTDOWN_STOP_TIMEOUT, scheduler));
        backend.start((executorId, exitCode, reason) ->
                self.tell(new ExecutorProcessExited(executorId, exitCode, reason)));
        context.getLog().info("cluster-manager started; keeping {} executors of {} cores and {} MB",
                settings.targetExecutors(), settings.executorCores(), settings.executorMemoryMb());
        this.lastExecutorNumber = settings.lastExecutorNumber();
        for (String executorId : settings.launchedBeforeStart()) {
            lastExecutorNumber = Math.max(lastExecutorNumber, ExecutorIds.number(executorId));
            starting.add(executorId);
            timers.startSingleTimer(new StartTimedOut(executorId), settings.executorStartTimeout());
            observer.executorLaunched(executorId);
        }
        if (settings.adoptAtStart()) {
            adopting = true; // until the wait that starts once the node has joined is over
        } else {
            launchMissingExecutors();
        }
    }

    @Override
    public Receive<ClusterManagerProtocol.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ClusterManagerProtocol.RegisterExecutor.class, this::onRegisterExecutor)
                .onMessage(ClusterManagerProtocol.RequestExecutors.class, this::onRequestExecutors)
                .onMessage(ClusterManagerProtocol.ReleaseExecutors.class, this::onReleaseExecutors)
                .onMessage(ClusterManagerProtocol.ExecutorUnresponsive.class, this::onExecutorUnresponsive)
                .onMessage(ExecutorProcessExited.class, this::onExecutorProcessExited)
                .onMessage(ExecutorTerminated.class, this::onExecutorTerminated)
                .onMessage(StartTimedOut.class, this::onStartTimedOut)
                .onMessage(DriverTerminated.class, this::onDriverTerminated)
                .onMessageEquals(JoinedCluster.INSTANCE, this::onJoinedCluster)
                .onMessageEquals(AdoptWaitOver.INSTANCE, this::onAdoptWaitOver)
                .onMessage(ClaimExpired.class, this::onClaimExpired)
                .onMessage(StopForShutdown.class, this::onStopForShutdown)
                .onSignal(PostStop.class, this::onPostStop)
                .build();
    }

    private Behavior<ClusterManagerProtocol.Command> onRegisterExecutor(ClusterManagerProtocol.RegisterExecutor message) {
        ExecutorInfo info = message.info();
        String id = info.executorId();
        if (failedStarts.contains(id) || Long.valueOf(info.incarnation()).equals(lostIncarnations.get(id))) {
            getContext().getLog().info("ignoring the registration of executor {}: it was given up on and stopped",
                    id);
            return this;
        }
        RegisteredExecutor<ActorRef<ExecutorProtocol.Command>> previous = registry.get(id).orElse(null);
        if (previous != null && previous.info().incarnation() != info.incarnation()) {
            // The same executor restarted: the old incarnation's blocks and tasks are gone. The new one is its
            // replacement, so nothing is stopped or launched.
            forget(previous, "executor " + id + " restarted (new incarnation " + info.incarnation() + ")");
        }
        if (registry.register(info, message.executor())) {
            boolean launchedHere = starting.remove(id);
            timers.cancel(new StartTimedOut(id));
            timers.cancel(new ClaimExpired(id));
            consecutiveStartFailures = 0;
            getContext().watchWith(message.executor(), new ExecutorTerminated(id, info.incarnation()));
            getContext().getLog().info("executor {} registered: {} cores, {} MB, block server {}, pid {}", id,
                    info.cores(), info.memoryMb(), info.blockServerAddress(), info.pid());
            if (!launchedHere) adopt(info);
            publishExecutors();
            grantFreeExecutors();
        }
        // Repeated registrations are answered too: the executor repeats until it hears back.
        message.executor().tell(new ExecutorProtocol.Registered(id, info.incarnation()));
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onRequestExecutors(ClusterManagerProtocol.RequestExecutors message) {
        String applicationId = message.applicationId();
        ActorRef<DriverProtocol.Command> previousDriver = driverOf.put(applicationId, message.driver());
        if (previousDriver != null && !previousDriver.equals(message.driver())) unwatchIfIdle(previousDriver);
        if (watchedDrivers.add(message.driver())) {
            getContext().watchWith(message.driver(), new DriverTerminated(message.driver()));
        }
        registry.request(applicationId, message.count());
        getContext().getLog().info("application {} wants {} executors ({} cores, {} MB asked; executors here "
                        + "have {} cores, {} MB)", applicationId, message.count(), message.cores(),
                message.memoryMb(), settings.executorCores(), settings.executorMemoryMb());
        if (!message.heldExecutorIds().isEmpty()) claimHeldExecutors(applicationId, message.heldExecutorIds());
        grantFreeExecutors();
        int missing = registry.missing(applicationId);
        if (missing > 0) {
            getContext().getLog().info("application {} waits for {} more executors", applicationId, missing);
        }
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onReleaseExecutors(ClusterManagerProtocol.ReleaseExecutors message) {
        ActorRef<DriverProtocol.Command> driver = endApplication(message.applicationId(), "released by its driver");
        if (driver != null) unwatchIfIdle(driver);
        grantFreeExecutors();
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onDriverTerminated(DriverTerminated message) {
        watchedDrivers.remove(message.driver());
        List<String> applications = driverOf.entrySet().stream()
                .filter(entry -> entry.getValue().equals(message.driver()))
                .map(Map.Entry::getKey)
                .toList();
        for (String applicationId : applications) {
            endApplication(applicationId, "its driver " + message.driver().path() + " is gone");
        }
        grantFreeExecutors();
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onExecutorProcessExited(ExecutorProcessExited message) {
        executorLost(message.executorId(), message.reason());
        return this;
    }

    /**
     * The driver gave up on its executor (no heartbeat, or unreachable): lost like any other, so its process,
     * paused or hung perhaps, is stopped (the backend's SIGKILL ends even a stopped process) and replaced. Only
     * the application the executor works for may say so, and only of the incarnation it was granted.
     */
    private Behavior<ClusterManagerProtocol.Command> onExecutorUnresponsive(
            ClusterManagerProtocol.ExecutorUnresponsive message) {
        boolean grantedToIt = registry.get(message.executorId())
                .filter(executor -> executor.info().incarnation() == message.incarnation())
                .flatMap(RegisteredExecutor::owner)
                .map(message.applicationId()::equals)
                .orElse(false);
        if (grantedToIt) {
            executorLost(message.executorId(), "the driver of application " + message.applicationId()
                    + " declared it unresponsive: " + message.reason());
        }
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onExecutorTerminated(ExecutorTerminated message) {
        boolean sameIncarnation = registry.get(message.executorId())
                .map(executor -> executor.info().incarnation() == message.incarnation())
                .orElse(false);
        if (sameIncarnation) executorLost(message.executorId(), "it left the cluster or stopped responding");
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onStartTimedOut(StartTimedOut message) {
        if (starting.contains(message.executorId())) {
            executorLost(message.executorId(),
                    "it did not register within " + settings.executorStartTimeout().toSeconds() + " s");
        }
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onJoinedCluster() {
        if (adopting && !timers.isTimerActive(AdoptWaitOver.INSTANCE)) {
            timers.startSingleTimer(AdoptWaitOver.INSTANCE, settings.adoptWait());
            getContext().getLog().info("joined the cluster; waiting {} ms for the executors of the previous "
                    + "cluster-manager to register again before launching any", settings.adoptWait().toMillis());
        }
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onAdoptWaitOver() {
        adopting = false;
        getContext().getLog().info("{} executors registered again after the restart", registry.size());
        launchMissingExecutors();
        grantFreeExecutors();
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onClaimExpired(ClaimExpired message) {
        registry.dropClaim(message.executorId()).ifPresent(applicationId -> {
            getContext().getLog().warn("executor {}, held by application {}, did not register within {} ms: "
                    + "presumed gone", message.executorId(), applicationId, settings.adoptWait().toMillis());
            launchMissingExecutors();
            grantFreeExecutors();
        });
        return this;
    }

    private Behavior<ClusterManagerProtocol.Command> onStopForShutdown(StopForShutdown message) {
        getContext().getLog().info("cluster-manager stopping: the actor system shuts down");
        message.replyTo().tell(Done.getInstance());
        return Behaviors.stopped();
    }

    private Behavior<ClusterManagerProtocol.Command> onPostStop(PostStop signal) {
        stopBeforeLeaving.cancel();
        return this;
    }

    /** Idempotent: an executor already forgotten is ignored, whichever signal comes second. */
    private void executorLost(String executorId, String reason) {
        if (starting.remove(executorId)) {
            timers.cancel(new StartTimedOut(executorId));
            consecutiveStartFailures++;
            getContext().getLog().warn("executor {} failed to start: {}", executorId, reason);
            failedStarts.add(executorId);
            backend.stop(executorId);
            launchMissingExecutors();
            return;
        }
        RegisteredExecutor<ActorRef<ExecutorProtocol.Command>> executor = registry.get(executorId).orElse(null);
        if (executor == null) return;
        forget(executor, reason);
        // The process may still run, hung or cut off from the cluster: it must not hold a slot of the target.
        lostIncarnations.put(executorId, executor.info().incarnation());
        backend.stop(executorId);
        downNode(executor.ref().path().address());
        launchMissingExecutors();
        grantFreeExecutors();
    }

    /**
     * Downs a lost executor's node at once instead of leaving it to the Split Brain Resolver. Its process is dead
     * or being stopped, so nothing is lost by not waiting; and while a dead member stays "unreachable" the cluster
     * cannot change membership: drivers that leave meanwhile time out and turn unreachable too, and the churn can
     * make the resolver take everyone down. A no-op for a node already removed, and outside a cluster (tests).
     */
    private void downNode(akka.actor.Address node) {
        if (!node.hasGlobalScope()) return;
        akka.cluster.typed.Cluster.get(getContext().getSystem()).manager().tell(new akka.cluster.typed.Down(node));
    }

    /** Removes a registered executor and tells the application it worked for. */
    private void forget(RegisteredExecutor<ActorRef<ExecutorProtocol.Command>> executor, String reason) {
        ExecutorInfo info = executor.info();
        registry.remove(info.executorId());
        getContext().unwatch(executor.ref());
        getContext().getLog().warn("executor {} lost{}: {}", info.executorId(),
                executor.owner().map(owner -> " (working for application " + owner + ")").orElse(""), reason);
        executor.owner().ifPresent(applicationId -> {
            ActorRef<DriverProtocol.Command> driver = driverOf.get(applicationId);
            if (driver != null) {
                driver.tell(new DriverProtocol.ExecutorLost(applicationId, info.executorId(), info.incarnation(),
                        reason));
            }
        });
        publishExecutors();
    }

    /**
     * Frees the application's executors and tells each to delete the application's blocks.
     *
     * @return the application's driver, null when the application was unknown
     */
    private ActorRef<DriverProtocol.Command> endApplication(String applicationId, String why) {
        List<RegisteredExecutor<ActorRef<ExecutorProtocol.Command>>> freed = registry.release(applicationId);
        for (RegisteredExecutor<ActorRef<ExecutorProtocol.Command>> executor : freed) {
            executor.ref().tell(new ExecutorProtocol.ApplicationEnded(applicationId));
        }
        ActorRef<DriverProtocol.Command> driver = driverOf.remove(applicationId);
        if (driver != null) {
            getContext().getLog().info("application {} ended ({}); {} executors are free again", applicationId,
                    why, freed.size());
        }
        return driver;
    }

    /** An executor this cluster-manager did not launch registered: an earlier one did, and it still runs. */
    private void adopt(ExecutorInfo info) {
        lastExecutorNumber = Math.max(lastExecutorNumber, ExecutorIds.number(info.executorId()));
        getContext().getLog().info("executor {} (pid {}) was started by an earlier cluster-manager: adopted",
                info.executorId(), info.pid());
        backend.adopt(info.executorId(), info.pid());
    }

    /**
     * A driver says which executors it already works with (a previous cluster-manager granted them): they stay its
     * own, and are not granted to it again. One not registered yet is waited for, for {@code adoptWait}.
     */
    private void claimHeldExecutors(String applicationId, List<String> held) {
        List<String> known = held.stream()
                .filter(id -> !failedStarts.contains(id) && !lostIncarnations.containsKey(id))
                .toList();
        List<String> refused = registry.claim(applicationId, known);
        for (String id : known) {
            lastExecutorNumber = Math.max(lastExecutorNumber, ExecutorIds.number(id));
            if (registry.get(id).isEmpty() && !refused.contains(id)) {
                timers.startSingleTimer(new ClaimExpired(id), settings.adoptWait());
            }
        }
        getContext().getLog().info("application {} already works with executors {}", applicationId, known);
        if (!refused.isEmpty()) {
            getContext().getLog().warn("application {} says it holds {}, but they work for other applications",
                    applicationId, refused);
        }
    }

    private void unwatchIfIdle(ActorRef<DriverProtocol.Command> driver) {
        if (!driverOf.containsValue(driver) && watchedDrivers.remove(driver)) getContext().unwatch(driver);
    }

    private void grantFreeExecutors() {
        if (adopting) return;
        Map<String, List<DriverProtocol.GrantedExecutor>> byApplication = new LinkedHashMap<>();
        for (ExecutorRegistry.Grant<ActorRef<ExecutorProtocol.Command>> grant : registry.allocateFree()) {
            byApplication.computeIfAbsent(grant.applicationId(), id -> new ArrayList<>())
                    .add(new DriverProtocol.GrantedExecutor(grant.info(), grant.ref()));
        }
        byApplication.forEach((applicationId, executors) -> {
            getContext().getLog().info("granted {} to application {}",
                    executors.stream().map(executor -> executor.info().executorId()).toList(), applicationId);
            driverOf.get(applicationId).tell(new DriverProtocol.ExecutorsGranted(applicationId, executors));
        });
    }

    /** Launches executors until registered plus starting ones reach the target, unless starts keep failing. */
    private void launchMissingExecutors() {
        if (adopting) return;
        // An executor a driver holds that has not registered again is presumed alive until its claim expires.
        int missing = settings.targetExecutors() - registry.size() - registry.pendingClaims() - starting.size();
        if (missing <= 0) return;
        if (consecutiveStartFailures >= settings.maxConsecutiveStartFailures()) {
            getContext().getLog().error("not starting {} more executors: the last {} exited before registering; "
                    + "see their logs", missing, consecutiveStartFailures);
            return;
        }
        for (int i = 0; i < missing; i++) {
            String executorId = ExecutorIds.of(++lastExecutorNumber);
            starting.add(executorId);
            observer.executorLaunched(executorId);
            timers.startSingleTimer(new StartTimedOut(executorId), settings.executorStartTimeout());
            getContext().getLog().info("launching executor {}", executorId);
            backend.launch(new ExecutorBackend.ExecutorLaunch(executorId, settings.executorCores(),
                    settings.executorMemoryMb()));
        }
    }

    private void publishExecutors() {
        observer.executorsChanged(registry.executors().stream().map(RegisteredExecutor::info).toList());
    }
}
