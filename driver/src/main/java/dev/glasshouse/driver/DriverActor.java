package dev.glasshouse.driver;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.Config;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.DriverProtocol.ExecutorLost;
import dev.glasshouse.core.protocol.DriverProtocol.ExecutorsGranted;
import dev.glasshouse.core.protocol.DriverProtocol.GrantedExecutor;
import dev.glasshouse.core.protocol.DriverProtocol.TaskFailed;
import dev.glasshouse.core.protocol.DriverProtocol.TaskFinished;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.chaos.TaskFailureInjector;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.JobScheduler;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.SchedulerSettings;
import dev.glasshouse.driver.scheduler.TaskLaunch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The driver's presence in the cluster. It finds the cluster-manager through the Receptionist, asks it for
 * executors, and translates every message into a call on the {@link JobScheduler}, which holds all job state;
 * then it sends the task launches the scheduler decides. It never blocks and never touches data.
 *
 * <p>An executor is lost on the first of these signals, with that signal's reason (later ones are ignored): the
 * cluster-manager's {@link ExecutorLost} (its process ended), the watch (its actor system is gone), its node
 * removed from the Akka cluster, no {@link DriverProtocol.ExecutorHeartbeat} for
 * {@link Liveness#heartbeatTimeout}, or its node unreachable for {@link Liveness#unreachableTimeout} (while
 * unreachable it is suspected: the tasks the scheduler gives it are held back, and sent if it comes back). The
 * last two are the driver's own judgement, so it tells the cluster-manager
 * ({@link ClusterManagerProtocol.ExecutorUnresponsive}), which stops the process and starts a replacement. When
 * the last executor is lost while jobs run, they wait {@link Liveness#allExecutorsLostTimeout} for one.
 */
public final class DriverActor extends AbstractBehavior<DriverProtocol.Command> {

    /** In-process: run this job; the future completes when it succeeds or fails. */
    public record SubmitJob(int jobId, JobPlan plan, CompletableFuture<JobResult> done) implements DriverProtocol.Command {
    }

    /** In-process: release the executors; the session leaves the cluster afterwards. */
    public record Stop(CompletableFuture<Void> done) implements DriverProtocol.Command {
    }

    /** In-process: the application unpersisted a dataset; its executors drop the partitions they keep. */
    public record Unpersist(int datasetId) implements DriverProtocol.Command {
    }

    private record ClusterManagersChanged(Receptionist.Listing listing) implements DriverProtocol.Command {
    }

    private record ExecutorTerminated(String executorId) implements DriverProtocol.Command {
    }

    private enum WaitForExecutorsExpired implements DriverProtocol.Command { INSTANCE }

    /** Time to look for executors that stopped sending heartbeats. Also the key of its timer. */
    private enum CheckHeartbeats implements DriverProtocol.Command { INSTANCE }

    /** The application lost its last executor a while ago. Also the key of its timer. */
    private enum AllExecutorsLostExpired implements DriverProtocol.Command { INSTANCE }

    /** The executor's node is still unreachable. Also the key of its timer. */
    private record UnreachableExpired(String executorId) implements DriverProtocol.Command {
    }

    /**
     * From Akka cluster membership (adapted from {@link ClusterEvent}s; package-private so that tests can play
     * them): the failure detector lost sight of a member, saw it again, or the member was removed.
     */
    record NodeUnreachable(Address node) implements DriverProtocol.Command {
    }

    record NodeReachable(Address node) implements DriverProtocol.Command {
    }

    record NodeRemoved(Address node) implements DriverProtocol.Command {
    }

    /** The executor lost most recently, named when the application fails for having none left. */
    private record LostExecutor(String executorId, String reason) {
    }

    /** The fetch-failure window closed: the failed stages gathered during it get their new attempt. */
    private enum ResubmitFailedStages implements DriverProtocol.Command { INSTANCE }

    /** Time to look for stragglers (only while speculation is on). */
    private enum CheckSpeculation implements DriverProtocol.Command { INSTANCE }

    /**
     * What the application asks the cluster-manager for, and how its jobs are scheduled.
     *
     * @param taskFailures chaos: which task attempts fail on purpose ({@link TaskFailureInjector#NONE} normally)
     */
    public record Request(int executors, int cores, int memoryMb, Duration executorWait,
                          SchedulerSettings scheduling, TaskFailureInjector taskFailures) {
        public Request(int executors, int cores, int memoryMb, Duration executorWait, SchedulerSettings scheduling) {
            this(executors, cores, memoryMb, executorWait, scheduling, TaskFailureInjector.NONE);
        }
    }

    /**
     * How long the driver waits before it gives up on an executor, or on having any.
     *
     * @param heartbeatTimeout        {@code glasshouse.driver.executor-heartbeat-timeout}
     * @param unreachableTimeout      {@code glasshouse.driver.executor-unreachable-timeout}
     * @param allExecutorsLostTimeout {@code glasshouse.driver.all-executors-lost-timeout}
     */
    public record Liveness(Duration heartbeatTimeout, Duration unreachableTimeout,
                           Duration allExecutorsLostTimeout) {
        public static Liveness fromConfig(Config config) {
            return new Liveness(config.getDuration("glasshouse.driver.executor-heartbeat-timeout"),
                    config.getDuration("glasshouse.driver.executor-unreachable-timeout"),
                    config.getDuration("glasshouse.driver.all-executors-lost-timeout"));
        }

        /** A silent executor is found at most a quarter of the timeout (never more than 1 s) after it. */
        Duration heartbeatCheckInterval() {
            Duration quarter = heartbeatTimeout.dividedBy(4);
            if (quarter.compareTo(Duration.ofMillis(50)) < 0) return Duration.ofMillis(50);
            return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
        }
    }

    /**
     * While tasks are short, each executor holds up to this many tasks per core in its queue (see
     * {@link JobScheduler}): thousands of tiny tasks a second then keep the cores busy.
     */
    private static final int QUEUED_PER_CORE_FOR_SHORT_TASKS = 4;

    private final String applicationId;
    private final Request request;
    private final Liveness liveness;
    /** S3 paths of the application's jars, sent with every task: executors load its classes from them. */
    private final List<String> applicationJars;
    private final TimerScheduler<DriverProtocol.Command> timers;
    private final JobScheduler scheduler;
    private final CacheLocations cacheLocations;
    private final DirectResults directResults;
    private final Map<String, ActorRef<ExecutorProtocol.Command>> executors = new HashMap<>();
    private final Map<Integer, CompletableFuture<JobResult>> jobs = new HashMap<>();
    private final ExecutorLiveness executorLiveness = new ExecutorLiveness();
    /** Launches the scheduler gave to suspected executors, sent if they become reachable again. */
    private final Map<String, List<ExecutorProtocol.LaunchTask>> heldLaunches = new HashMap<>();
    private LostExecutor lastLost;
    /** When the heartbeats were last checked (nanoTime). */
    private long lastHeartbeatCheck = System.nanoTime();
    private ActorRef<ClusterManagerProtocol.Command> clusterManager;
    /** The executors were released: a cluster-manager listed afterwards is not asked again. */
    private boolean stopped;
    /** A cluster-manager was asked and went away: the next one listed is a new one. */
    private boolean askedBefore;

    /**
     * @param cacheLocations shared with the session's planner, which reads it; this actor keeps it current
     * @param directResults  where results that arrive inside {@link TaskFinished} wait for their action
     */
    static Behavior<DriverProtocol.Command> create(String applicationId, Request request, Liveness liveness,
                                                   CacheLocations cacheLocations, List<String> applicationJars,
                                                   DirectResults directResults, Consumer<SchedulerEvent> listener) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new DriverActor(context, timers, applicationId, request, liveness, cacheLocations,
                        applicationJars, directResults, listener)));
    }

    private DriverActor(ActorContext<DriverProtocol.Command> context, TimerScheduler<DriverProtocol.Command> timers,
                        String applicationId, Request request, Liveness liveness, CacheLocations cacheLocations,
                        List<String> applicationJars, DirectResults directResults,
                        Consumer<SchedulerEvent> listener) {
        super(context);
        this.directResults = directResults;
        this.timers = timers;
        this.applicationId = applicationId;
        this.request = request;
        this.liveness = liveness;
        this.cacheLocations = cacheLocations;
        this.applicationJars = List.copyOf(applicationJars);
        this.scheduler = new JobScheduler(applicationId, request.scheduling(), QUEUED_PER_CORE_FOR_SHORT_TASKS,
                event -> {
            listener.accept(event);
            onSchedulerEvent(event);
        }, cacheLocations);
        SchedulerSettings.Speculation speculation = request.scheduling().speculation();
        if (speculation.enabled()) {
            timers.startTimerWithFixedDelay(CheckSpeculation.INSTANCE, speculation.interval());
        }
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class,
                ClusterManagersChanged::new);
        context.getSystem().receptionist().tell(
                Receptionist.subscribe(ClusterManagerProtocol.SERVICE_KEY, adapter));
        timers.startSingleTimer(WaitForExecutorsExpired.INSTANCE, request.executorWait());
        timers.startTimerWithFixedDelay(CheckHeartbeats.INSTANCE, liveness.heartbeatCheckInterval());
        subscribeToMembership(context);
    }

    private static void subscribeToMembership(ActorContext<DriverProtocol.Command> context) {
        var membership = Cluster.get(context.getSystem()).subscriptions();
        membership.tell(Subscribe.create(context.messageAdapter(ClusterEvent.UnreachableMember.class,
                event -> new NodeUnreachable(event.member().address())), ClusterEvent.UnreachableMember.class));
        membership.tell(Subscribe.create(context.messageAdapter(ClusterEvent.ReachableMember.class,
                event -> new NodeReachable(event.member().address())), ClusterEvent.ReachableMember.class));
        membership.tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberRemoved.class,
                event -> new NodeRemoved(event.member().address())), ClusterEvent.MemberRemoved.class));
    }

    @Override
    public Receive<DriverProtocol.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ClusterManagersChanged.class, this::onClusterManagersChanged)
                .onMessage(ExecutorsGranted.class, this::onExecutorsGranted)
                .onMessage(ExecutorLost.class, this::onExecutorLost)
                .onMessage(ExecutorTerminated.class, this::onExecutorTerminated)
                .onMessage(DriverProtocol.ExecutorHeartbeat.class, this::onExecutorHeartbeat)
                .onMessageEquals(CheckHeartbeats.INSTANCE, this::onCheckHeartbeats)
                .onMessage(NodeUnreachable.class, this::onNodeUnreachable)
                .onMessage(NodeReachable.class, this::onNodeReachable)
                .onMessage(UnreachableExpired.class, this::onUnreachableExpired)
                .onMessage(NodeRemoved.class, this::onNodeRemoved)
                .onMessageEquals(AllExecutorsLostExpired.INSTANCE, this::onAllExecutorsLostExpired)
                .onMessage(TaskFinished.class, this::onTaskFinished)
                .onMessage(TaskFailed.class, this::onTaskFailed)
                .onMessage(DriverProtocol.CachedBlocksDropped.class, this::onCachedBlocksDropped)
                .onMessage(Unpersist.class, this::onUnpersist)
                .onMessage(SubmitJob.class, this::onSubmitJob)
                .onMessageEquals(WaitForExecutorsExpired.INSTANCE, this::onWaitForExecutorsExpired)
                .onMessageEquals(ResubmitFailedStages.INSTANCE, this::onResubmitFailedStages)
                .onMessageEquals(CheckSpeculation.INSTANCE, this::onCheckSpeculation)
                .onMessage(Stop.class, this::onStop)
                .build();
    }

    /**
     * Asks the first cluster-manager listed for executors, and asks again when one is listed after none was (a
     * restarted cluster-manager knows nothing of earlier grants; it has the same address, and its reference may
     * equal the dead one's), naming the executors this application holds so that they stay its own.
     */
    private Behavior<DriverProtocol.Command> onClusterManagersChanged(ClusterManagersChanged message) {
        var managers = message.listing().getServiceInstances(ClusterManagerProtocol.SERVICE_KEY);
        if (managers.isEmpty()) {
            if (clusterManager != null && !stopped) {
                getContext().getLog().warn("application {}: the cluster-manager {} is gone", applicationId,
                        clusterManager.path());
            }
            if (clusterManager != null) askedBefore = true;
            clusterManager = null;
            return this;
        }
        if (stopped || (clusterManager != null && managers.contains(clusterManager))) return this;
        clusterManager = managers.iterator().next();
        List<String> held = List.copyOf(new TreeSet<>(executors.keySet()));
        getContext().getLog().info("application {} asks {}cluster-manager {} for {} executor(s){}", applicationId,
                askedBefore ? "the new " : "", clusterManager.path(), request.executors(),
                held.isEmpty() ? "" : ", holding " + held);
        clusterManager.tell(new ClusterManagerProtocol.RequestExecutors(applicationId, request.executors(),
                request.cores(), request.memoryMb(), getContext().getSelf(), held));
        return this;
    }

    private Behavior<DriverProtocol.Command> onExecutorsGranted(ExecutorsGranted message) {
        if (!message.applicationId().equals(applicationId)) return this;
        for (GrantedExecutor granted : message.executors()) {
            String id = granted.info().executorId();
            executors.put(id, granted.ref());
            getContext().watchWith(granted.ref(), new ExecutorTerminated(id));
            executorLiveness.granted(id, granted.info().incarnation(), granted.ref().path().address(),
                    System.nanoTime());
            // Before any task: the executor heart-beats to this driver from now on.
            granted.ref().tell(new ExecutorProtocol.AttachDriver(applicationId, getContext().getSelf()));
            scheduler.executorAdded(granted.info());
        }
        timers.cancel(WaitForExecutorsExpired.INSTANCE);
        timers.cancel(AllExecutorsLostExpired.INSTANCE);
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onExecutorLost(ExecutorLost message) {
        if (!message.applicationId().equals(applicationId)) return this;
        return removeExecutor(message.executorId(), message.reason());
    }

    private Behavior<DriverProtocol.Command> onExecutorTerminated(ExecutorTerminated message) {
        return removeExecutor(message.executorId(), "its actor terminated (process ended or node left the cluster)");
    }

    /** A map update only: heartbeats never reach the scheduler. */
    private Behavior<DriverProtocol.Command> onExecutorHeartbeat(DriverProtocol.ExecutorHeartbeat message) {
        if (message.applicationId().equals(applicationId)) {
            executorLiveness.heartbeat(message.executorId(), message.incarnation(), System.nanoTime());
        }
        return this;
    }

    private Behavior<DriverProtocol.Command> onCheckHeartbeats() {
        long now = System.nanoTime();
        Duration sinceLastCheck = Duration.ofNanos(now - lastHeartbeatCheck);
        lastHeartbeatCheck = now;
        if (sinceLastCheck.compareTo(liveness.heartbeatTimeout().dividedBy(2)) > 0) {
            // This driver was stalled itself (a long GC pause, a starved machine): the heartbeats that arrived
            // meanwhile may not be handled yet, so silence means nothing this round. A paused executor stays
            // silent and is found at the next check.
            getContext().getLog().warn("driver stalled for {} ms; heartbeats are checked again at the next round",
                    sinceLastCheck.toMillis());
            return this;
        }
        executorLiveness.silentLongerThan(liveness.heartbeatTimeout(), now).forEach(
                (executorId, silence) -> giveUpOn(executorId, String.format(Locale.ROOT,
                        "no heartbeat for %.1f s (process paused or hung?)", silence.toMillis() / 1000.0)));
        return this;
    }

    private Behavior<DriverProtocol.Command> onNodeUnreachable(NodeUnreachable message) {
        for (String executorId : executorLiveness.onNode(message.node())) {
            if (!executorLiveness.suspect(executorId)) continue;
            getContext().getLog().warn("executor {} is unreachable in the Akka cluster: no new tasks go to it; it is"
                    + " lost unless reachable again within {}", executorId, seconds(liveness.unreachableTimeout()));
            timers.startSingleTimer(new UnreachableExpired(executorId), liveness.unreachableTimeout());
        }
        return this;
    }

    private Behavior<DriverProtocol.Command> onNodeReachable(NodeReachable message) {
        for (String executorId : executorLiveness.onNode(message.node())) {
            if (!executorLiveness.clearSuspicion(executorId)) continue;
            timers.cancel(new UnreachableExpired(executorId));
            List<ExecutorProtocol.LaunchTask> held = heldLaunches.remove(executorId);
            getContext().getLog().info("executor {} is reachable again; sending it the {} task(s) held back",
                    executorId, held == null ? 0 : held.size());
            if (held != null) held.forEach(executors.get(executorId)::tell);
        }
        return this;
    }

    private Behavior<DriverProtocol.Command> onUnreachableExpired(UnreachableExpired message) {
        if (executorLiveness.isSuspected(message.executorId())) {
            giveUpOn(message.executorId(),
                    "unreachable in the Akka cluster for " + seconds(liveness.unreachableTimeout()));
        }
        return this;
    }

    private Behavior<DriverProtocol.Command> onNodeRemoved(NodeRemoved message) {
        for (String executorId : executorLiveness.onNode(message.node())) {
            removeExecutor(executorId, "its node was removed from the Akka cluster");
        }
        return this;
    }

    /**
     * The driver's own judgement that the executor is gone, though nobody saw its process end: lost here, and
     * the cluster-manager stops the process and starts a replacement.
     */
    private void giveUpOn(String executorId, String reason) {
        OptionalLong incarnation = executorLiveness.incarnation(executorId);
        if (incarnation.isEmpty()) return;
        removeExecutor(executorId, reason);
        if (clusterManager != null) {
            clusterManager.tell(new ClusterManagerProtocol.ExecutorUnresponsive(applicationId, executorId,
                    incarnation.getAsLong(), reason));
        }
    }

    /** Idempotent: the first signal of a loss gives the reason, later ones find the executor gone already. */
    private Behavior<DriverProtocol.Command> removeExecutor(String executorId, String reason) {
        if (executors.remove(executorId) == null) return this;
        getContext().getLog().info("executor {} lost: {}", executorId, reason);
        executorLiveness.forget(executorId);
        timers.cancel(new UnreachableExpired(executorId));
        heldLaunches.remove(executorId); // the scheduler puts their tasks back with the executor's others
        lastLost = new LostExecutor(executorId, reason);
        scheduler.executorLost(executorId, reason);
        if (executors.isEmpty() && scheduler.hasActiveJobs()) {
            timers.startSingleTimer(AllExecutorsLostExpired.INSTANCE, liveness.allExecutorsLostTimeout());
        }
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onAllExecutorsLostExpired() {
        if (executors.isEmpty() && scheduler.hasActiveJobs()) {
            String manager = clusterManager == null ? "no cluster-manager is known to this driver"
                    : "the cluster-manager at " + clusterManager.path().address() + " did not grant any";
            scheduler.failAllJobs("all executors were lost (last: " + lastLost.executorId() + ", "
                    + lastLost.reason() + ") and no replacement registered within "
                    + seconds(liveness.allExecutorsLostTimeout()) + "; " + manager);
        }
        return this;
    }

    /** "3 s", or "0.5 s" for a duration that is not whole seconds. */
    private static String seconds(Duration duration) {
        if (duration.toMillis() % 1000 == 0) return duration.toSeconds() + " s";
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private Behavior<DriverProtocol.Command> onTaskFinished(TaskFinished message) {
        // Kept before the scheduler hears of the task, as its job may end with this very report; a late report of
        // a job already over is not kept (nobody would take it).
        if (message.directResult() != null && jobs.containsKey(message.attempt().jobId())) {
            directResults.put(message.attempt(), message.directResult());
        }
        scheduler.taskFinished(message.attempt(), message.executorId(), message.metrics(), message.cachedBlocks(),
                System.currentTimeMillis());
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onTaskFailed(TaskFailed message) {
        scheduler.taskFailed(message.attempt(), message.executorId(), message.error(), message.fetchFailure());
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onResubmitFailedStages() {
        scheduler.resubmitFailedStages(System.currentTimeMillis());
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onCheckSpeculation() {
        if (scheduler.hasActiveJobs()) send(scheduler.speculate(System.currentTimeMillis()));
        return this;
    }

    private Behavior<DriverProtocol.Command> onCachedBlocksDropped(DriverProtocol.CachedBlocksDropped message) {
        if (!message.applicationId().equals(applicationId) || !executors.containsKey(message.executorId())) return this;
        scheduler.cachedBlocksDropped(message.executorId(), message.blocks(), message.reason());
        dispatch(); // tasks that waited for the executor holding them may now run anywhere
        return this;
    }

    private Behavior<DriverProtocol.Command> onUnpersist(Unpersist message) {
        cacheLocations.datasetRemoved(message.datasetId());
        for (ActorRef<ExecutorProtocol.Command> executor : executors.values()) {
            executor.tell(new ExecutorProtocol.DropCachedDataset(applicationId, message.datasetId()));
        }
        return this;
    }

    private Behavior<DriverProtocol.Command> onSubmitJob(SubmitJob message) {
        jobs.put(message.jobId(), message.done());
        scheduler.submitJob(message.jobId(), message.plan(), System.currentTimeMillis());
        if (executors.isEmpty() && lastLost != null) {
            // Had executors and lost them all: replacements are what it waits for.
            if (!timers.isTimerActive(AllExecutorsLostExpired.INSTANCE)) {
                timers.startSingleTimer(AllExecutorsLostExpired.INSTANCE, liveness.allExecutorsLostTimeout());
            }
        } else if (executors.isEmpty() && !timers.isTimerActive(WaitForExecutorsExpired.INSTANCE)) {
            timers.startSingleTimer(WaitForExecutorsExpired.INSTANCE, request.executorWait());
        }
        dispatch();
        return this;
    }

    private Behavior<DriverProtocol.Command> onWaitForExecutorsExpired() {
        if (executors.isEmpty() && scheduler.hasActiveJobs()) {
            String where = clusterManager == null
                    ? "no cluster-manager answered (is 'glasshouse local' running, and is --master right?)"
                    : "the cluster-manager granted none";
            scheduler.failAllJobs("no executor available after " + request.executorWait().toSeconds() + " s: " + where);
        }
        return this;
    }

    /**
     * Gives the executors back. The actor stays alive: the session then leaves the cluster through Akka's
     * coordinated shutdown, so the other members see a clean leave rather than an unreachable node.
     */
    private Behavior<DriverProtocol.Command> onStop(Stop message) {
        scheduler.failAllJobs("the application is stopping");
        stopped = true;
        if (clusterManager != null) clusterManager.tell(new ClusterManagerProtocol.ReleaseExecutors(applicationId));
        // Released executors are no longer this application's: their later exit (a local cluster stopping after
        // the demo) is not a loss to report.
        executors.values().forEach(getContext()::unwatch);
        executors.clear();
        executorLiveness.forgetAll();
        heldLaunches.clear();
        message.done().complete(null);
        return this;
    }

    private void onSchedulerEvent(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.JobSucceeded succeeded) {
            CompletableFuture<JobResult> done = jobs.remove(succeeded.result().jobId());
            if (done != null) done.complete(succeeded.result());
        } else if (event instanceof SchedulerEvent.JobFailed failed) {
            directResults.discardJob(failed.jobId());
            CompletableFuture<JobResult> done = jobs.remove(failed.jobId());
            if (done != null) done.completeExceptionally(new JobFailedException(
                    "job " + failed.jobId() + " failed: " + failed.reason()));
        }
    }

    /**
     * Sends what the scheduler launches now. Also arms one timer for a burst of failures (a lost executor makes
     * every reduce task reading it fail to fetch): when it fires, the failed stages get one new attempt together.
     */
    private void dispatch() {
        send(scheduler.schedule(System.currentTimeMillis()));
        if (scheduler.hasStagesToResubmit() && !timers.isTimerActive(ResubmitFailedStages.INSTANCE)) {
            timers.startSingleTimer(ResubmitFailedStages.INSTANCE, request.scheduling().fetchFailureResubmitDelay());
        }
    }

    /** Sends the launches; those for a suspected (unreachable) executor wait until it is reachable or lost. */
    private void send(List<TaskLaunch> launches) {
        for (TaskLaunch launch : launches) {
            var task = new ExecutorProtocol.LaunchTask(launch.task(), getContext().getSelf(), applicationJars,
                    request.taskFailures().failureFor(launch.task().id()));
            if (executorLiveness.isSuspected(launch.executorId())) {
                heldLaunches.computeIfAbsent(launch.executorId(), id -> new ArrayList<>()).add(task);
            } else {
                executors.get(launch.executorId()).tell(task);
            }
        }
    }
}
