package dev.glasshouse.driver;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.DriverProtocol.ExecutorLost;
import dev.glasshouse.core.protocol.DriverProtocol.ExecutorsGranted;
import dev.glasshouse.core.protocol.DriverProtocol.GrantedExecutor;
import dev.glasshouse.core.protocol.DriverProtocol.TaskFailed;
import dev.glasshouse.core.protocol.DriverProtocol.TaskFinished;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.JobScheduler;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.TaskLaunch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The driver's presence in the cluster. It finds the cluster-manager through the Receptionist, asks it for
 * executors, and translates every message into a call on the {@link JobScheduler}, which holds all job state;
 * then it sends the task launches the scheduler decides. It never blocks and never touches data.
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

    /** What the application asks the cluster-manager for. */
    public record Request(int executors, int cores, int memoryMb, Duration executorWait, int maxTaskFailures) {
    }

    /**
     * While tasks are short, each executor holds up to this many tasks per core in its queue (see
     * {@link JobScheduler}): thousands of tiny tasks a second then keep the cores busy.
     */
    private static final int QUEUED_PER_CORE_FOR_SHORT_TASKS = 4;

    private final String applicationId;
    private final Request request;
    /** S3 paths of the application's jars, sent with every task: executors load its classes from them. */
    private final List<String> applicationJars;
    private final TimerScheduler<DriverProtocol.Command> timers;
    private final JobScheduler scheduler;
    private final CacheLocations cacheLocations;
    private final DirectResults directResults;
    private final Map<String, ActorRef<ExecutorProtocol.Command>> executors = new HashMap<>();
    private final Map<Integer, CompletableFuture<JobResult>> jobs = new HashMap<>();
    private ActorRef<ClusterManagerProtocol.Command> clusterManager;
    /** The executors were released: a cluster-manager listed afterwards is not asked again. */
    private boolean stopped;
    /** A cluster-manager was asked and went away: the next one listed is a new one. */
    private boolean askedBefore;

    /**
     * @param cacheLocations shared with the session's planner, which reads it; this actor keeps it current
     * @param directResults  where results that arrive inside {@link TaskFinished} wait for their action
     */
    static Behavior<DriverProtocol.Command> create(String applicationId, Request request,
                                                   CacheLocations cacheLocations, List<String> applicationJars,
                                                   DirectResults directResults, Consumer<SchedulerEvent> listener) {
        return Behaviors.setup(context -> Behaviors.withTimers(
                timers -> new DriverActor(context, timers, applicationId, request, cacheLocations, applicationJars,
                        directResults, listener)));
    }

    private DriverActor(ActorContext<DriverProtocol.Command> context, TimerScheduler<DriverProtocol.Command> timers,
                        String applicationId, Request request, CacheLocations cacheLocations,
                        List<String> applicationJars, DirectResults directResults,
                        Consumer<SchedulerEvent> listener) {
        super(context);
        this.directResults = directResults;
        this.timers = timers;
        this.applicationId = applicationId;
        this.request = request;
        this.cacheLocations = cacheLocations;
        this.applicationJars = List.copyOf(applicationJars);
        this.scheduler = new JobScheduler(applicationId, request.maxTaskFailures(), 4, QUEUED_PER_CORE_FOR_SHORT_TASKS,
                event -> {
            listener.accept(event);
            onSchedulerEvent(event);
        }, cacheLocations);
        ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class,
                ClusterManagersChanged::new);
        context.getSystem().receptionist().tell(
                Receptionist.subscribe(ClusterManagerProtocol.SERVICE_KEY, adapter));
        timers.startSingleTimer(WaitForExecutorsExpired.INSTANCE, request.executorWait());
    }

    @Override
    public Receive<DriverProtocol.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ClusterManagersChanged.class, this::onClusterManagersChanged)
                .onMessage(ExecutorsGranted.class, this::onExecutorsGranted)
                .onMessage(ExecutorLost.class, this::onExecutorLost)
                .onMessage(ExecutorTerminated.class, this::onExecutorTerminated)
                .onMessage(TaskFinished.class, this::onTaskFinished)
                .onMessage(TaskFailed.class, this::onTaskFailed)
                .onMessage(DriverProtocol.CachedBlocksDropped.class, this::onCachedBlocksDropped)
                .onMessage(Unpersist.class, this::onUnpersist)
                .onMessage(SubmitJob.class, this::onSubmitJob)
                .onMessageEquals(WaitForExecutorsExpired.INSTANCE, this::onWaitForExecutorsExpired)
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
            scheduler.executorAdded(granted.info());
        }
        timers.cancel(WaitForExecutorsExpired.INSTANCE);
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

    private Behavior<DriverProtocol.Command> removeExecutor(String executorId, String reason) {
        if (executors.remove(executorId) == null) return this;
        scheduler.executorLost(executorId, reason);
        if (executors.isEmpty() && scheduler.hasActiveJobs()) {
            timers.startSingleTimer(WaitForExecutorsExpired.INSTANCE, request.executorWait());
        }
        dispatch();
        return this;
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
        if (executors.isEmpty() && !timers.isTimerActive(WaitForExecutorsExpired.INSTANCE)) {
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

    private void dispatch() {
        for (TaskLaunch launch : scheduler.schedule()) {
            executors.get(launch.executorId()).tell(
                    new ExecutorProtocol.LaunchTask(launch.task(), getContext().getSelf(), applicationJars));
        }
    }
}
