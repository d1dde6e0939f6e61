package dev.glasshouse.executor;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import dev.glasshouse.core.exec.FetchFailedException;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.exec.TaskResult;
import dev.glasshouse.executor.cache.CacheStore;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor: registers with the cluster-manager, runs the tasks drivers send it in its task slots and tells
 * each driver how its tasks ended; deletes an application's blocks when the application ends. A task runs with its
 * application's class loader ({@link ApplicationClassLoaders}) as the slot thread's context class loader.
 *
 * <p>Every {@code heartbeatInterval} it sends each driver it works for an {@link DriverProtocol.ExecutorHeartbeat}
 * from the actor thread: a driver that hears nothing for long knows the process is paused, hung or cut off.
 *
 * <p>Invariant: the actor thread never runs a task nor touches the disk. Tasks run on a pool of exactly
 * {@code cores} threads (one slot per core; more tasks than slots wait in the pool's queue), block deletion on a
 * thread of its own, and both report straight to whoever waits, never back into this actor's state.
 */
public final class ExecutorActor extends AbstractBehavior<ExecutorProtocol.Command> {

    /** Runs one task to the end on the calling thread: {@code PartitionTask::run} in production. */
    @FunctionalInterface
    public interface TaskRunner {
        TaskResult run(TaskDescription task, TaskEnvironment environment) throws Exception;
    }

    /**
     * A result block up to this size travels back inside the task's {@code TaskFinished} instead of staying on
     * disk for the driver to fetch. Well under Artery's 256 KiB frame limit, with room for the rest of the message.
     */
    static final int DIRECT_RESULT_MAX_BYTES = 64 * 1024;
    /** How long to wait for {@link ExecutorProtocol.Registered} before sending the registration again. */
    static final Duration REGISTRATION_RETRY = Duration.ofSeconds(3);
    /** Cause chains longer than this are cut in error reports (and a cyclic chain ends). */
    private static final int MAX_CAUSES = 8;

    /** The Receptionist's view of the cluster-manager changed. */
    private record ClusterManagerListing(Receptionist.Listing listing) implements ExecutorProtocol.Command {
    }

    /** Time to tell the drivers this executor is alive. Also the key of its timer. */
    private enum SendHeartbeats implements ExecutorProtocol.Command {
        INSTANCE
    }

    /** No {@link ExecutorProtocol.Registered} arrived in time. */
    private enum RetryRegistration implements ExecutorProtocol.Command {
        INSTANCE
    }

    private static final Logger workerLog = LoggerFactory.getLogger(ExecutorActor.class);

    private final ExecutorInfo info;
    private final TaskEnvironment environment;
    private final ShuffleBlockStore blockStore;
    private final CacheStore cacheStore;
    private final DriverDirectory drivers;
    private final ApplicationClassLoaders classLoaders;
    private final TaskRunner runner;
    private final TimerScheduler<ExecutorProtocol.Command> timers;
    private final ExecutorService taskSlots;
    private final ExecutorService blockCleaner;
    /**
     * Tasks launched here and not reported yet, which the heartbeats list. Thread-safe: added on the actor
     * thread before the task is queued, removed on its slot thread once its report is sent.
     */
    private final Set<TaskAttemptId> runningTasks = ConcurrentHashMap.newKeySet();
    /** The cluster-manager this executor registers with; null until the Receptionist lists one. */
    private ActorRef<ClusterManagerProtocol.Command> clusterManager;
    private boolean registered;

    /**
     * @param cacheStore the cached partitions tasks keep (the same store as {@code environment}'s cache)
     * @param drivers    filled in here from {@link ExecutorProtocol.AttachDriver} and each task's sender; the
     *                   heartbeats go to them, and the cache store tells them of evictions
     * @param heartbeatInterval how often each driver hears {@link DriverProtocol.ExecutorHeartbeat}
     *                          ({@code glasshouse.executor.heartbeat-interval})
     */
    public static Behavior<ExecutorProtocol.Command> create(ExecutorInfo info, TaskEnvironment environment,
                                                            ShuffleBlockStore blockStore, CacheStore cacheStore,
                                                            DriverDirectory drivers,
                                                            ApplicationClassLoaders classLoaders, TaskRunner runner,
                                                            Duration heartbeatInterval) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ExecutorActor(context, timers, info,
                environment, blockStore, cacheStore, drivers, classLoaders, runner, heartbeatInterval)));
    }

    private ExecutorActor(ActorContext<ExecutorProtocol.Command> context,
                          TimerScheduler<ExecutorProtocol.Command> timers, ExecutorInfo info,
                          TaskEnvironment environment, ShuffleBlockStore blockStore, CacheStore cacheStore,
                          DriverDirectory drivers, ApplicationClassLoaders classLoaders, TaskRunner runner,
                          Duration heartbeatInterval) {
        super(context);
        this.info = info;
        this.environment = environment;
        this.blockStore = blockStore;
        this.cacheStore = cacheStore;
        this.drivers = drivers;
        this.classLoaders = classLoaders;
        this.runner = runner;
        this.timers = timers;
        this.taskSlots = Executors.newFixedThreadPool(info.cores(), DaemonThreads.named("task-slot-"));
        this.blockCleaner = Executors.newSingleThreadExecutor(DaemonThreads.named("block-cleaner-"));
        ActorRef<Receptionist.Listing> listings =
                context.messageAdapter(Receptionist.Listing.class, ClusterManagerListing::new);
        context.getSystem().receptionist()
                .tell(Receptionist.subscribe(ClusterManagerProtocol.SERVICE_KEY, listings));
        timers.startTimerWithFixedDelay(SendHeartbeats.INSTANCE, heartbeatInterval);
        context.getLog().info("executor {} (incarnation {}) started: {} task slots, block server {}",
                info.executorId(), info.incarnation(), info.cores(), info.blockServerAddress());
    }

    @Override
    public Receive<ExecutorProtocol.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ClusterManagerListing.class, this::onClusterManagerListing)
                .onMessage(RetryRegistration.class, this::onRetryRegistration)
                .onMessage(ExecutorProtocol.Registered.class, this::onRegistered)
                .onMessage(ExecutorProtocol.AttachDriver.class, this::onAttachDriver)
                .onMessage(ExecutorProtocol.LaunchTask.class, this::onLaunchTask)
                .onMessageEquals(SendHeartbeats.INSTANCE, this::onSendHeartbeats)
                .onMessage(ExecutorProtocol.ApplicationEnded.class, this::onApplicationEnded)
                .onMessage(ExecutorProtocol.DropCachedDataset.class, this::onDropCachedDataset)
                .onSignal(PostStop.class, this::onPostStop)
                .build();
    }

    private Behavior<ExecutorProtocol.Command> onClusterManagerListing(ClusterManagerListing message) {
        Set<ActorRef<ClusterManagerProtocol.Command>> managers =
                message.listing().getServiceInstances(ClusterManagerProtocol.SERVICE_KEY);
        if (managers.isEmpty()) {
            if (clusterManager != null) {
                getContext().getLog().warn("executor {}: the cluster-manager {} is gone",
                        info.executorId(), clusterManager.path());
            }
            clusterManager = null;
            registered = false;
            timers.cancel(RetryRegistration.INSTANCE);
        } else if (!managers.contains(clusterManager)) {
            clusterManager = managers.iterator().next();
            registered = false;
            register();
        }
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onRetryRegistration(RetryRegistration message) {
        if (!registered && clusterManager != null) {
            getContext().getLog().info("executor {}: no answer from the cluster-manager yet, registering again",
                    info.executorId());
            register();
        }
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onRegistered(ExecutorProtocol.Registered message) {
        if (!message.executorId().equals(info.executorId()) || message.incarnation() != info.incarnation()) {
            getContext().getLog().warn("executor {} (incarnation {}) ignores a registration for {} (incarnation {})",
                    info.executorId(), info.incarnation(), message.executorId(), message.incarnation());
            return this;
        }
        timers.cancel(RetryRegistration.INSTANCE);
        if (!registered) {
            registered = true;
            getContext().getLog().info("executor {} registered with the cluster-manager", info.executorId());
        }
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onAttachDriver(ExecutorProtocol.AttachDriver message) {
        getContext().getLog().info("executor {} works for application {} (driver {})", info.executorId(),
                message.applicationId(), message.driver().path());
        drivers.attach(message.applicationId(), message.driver());
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onSendHeartbeats() {
        Map<String, ActorRef<DriverProtocol.Command>> attached = drivers.attached();
        if (attached.isEmpty()) return this;
        Map<String, List<Long>> runningByApplication = new HashMap<>();
        for (TaskAttemptId task : runningTasks) {
            runningByApplication.computeIfAbsent(task.applicationId(), id -> new ArrayList<>()).add(task.taskId());
        }
        attached.forEach((applicationId, driver) -> driver.tell(new DriverProtocol.ExecutorHeartbeat(applicationId,
                info.executorId(), info.incarnation(), runningByApplication.getOrDefault(applicationId, List.of()))));
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onLaunchTask(ExecutorProtocol.LaunchTask message) {
        // DEBUG: at thousands of tasks a second, log lines cost more than the tasks; the end of each is logged at INFO.
        getContext().getLog().debug("executor {} starting {} of application {}", info.executorId(),
                message.task().id(), message.task().id().applicationId());
        drivers.taskFrom(message.task().id().applicationId(), message.driver());
        runningTasks.add(message.task().id());
        taskSlots.execute(() -> runTask(info, environment, classLoaders, runner, message, runningTasks));
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onApplicationEnded(ExecutorProtocol.ApplicationEnded message) {
        String applicationId = message.applicationId();
        getContext().getLog().info("executor {}: application {} ended, deleting its blocks and jars",
                info.executorId(), applicationId);
        drivers.applicationEnded(applicationId);
        blockCleaner.execute(() -> deleteBlocks(blockStore, cacheStore, applicationId));
        blockCleaner.execute(() -> releaseCode(classLoaders, applicationId));
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onDropCachedDataset(ExecutorProtocol.DropCachedDataset message) {
        getContext().getLog().info("executor {}: application {} unpersisted dataset {}, dropping its partitions",
                info.executorId(), message.applicationId(), message.datasetId());
        blockCleaner.execute(() -> cacheStore.dropDataset(message.applicationId(), message.datasetId()));
        return this;
    }

    private Behavior<ExecutorProtocol.Command> onPostStop(PostStop signal) {
        taskSlots.shutdownNow();
        blockCleaner.shutdown();
        return this;
    }

    private void register() {
        clusterManager.tell(new ClusterManagerProtocol.RegisterExecutor(info, getContext().getSelf()));
        timers.startSingleTimer(RetryRegistration.INSTANCE, REGISTRATION_RETRY);
    }

    /**
     * Runs on a task slot thread; static so that it cannot touch the actor's state beyond {@code runningTasks}
     * (thread-safe), from which it removes the task once reported.
     */
    private static void runTask(ExecutorInfo info, TaskEnvironment environment, ApplicationClassLoaders classLoaders,
                                TaskRunner runner, ExecutorProtocol.LaunchTask launch,
                                Set<TaskAttemptId> runningTasks) {
        TaskAttemptId attempt = launch.task().id();
        long started = System.nanoTime();
        DriverProtocol.Command report;
        Thread slot = Thread.currentThread();
        ClassLoader slotLoader = slot.getContextClassLoader();
        try {
            // Chaos: the driver chose this attempt to fail. It fails like a task that threw, so it is retried and
            // counted exactly as a real failure would be.
            if (launch.injectedFailure() != null) throw new InjectedTaskFailure(launch.injectedFailure());
            // Inside the try: a jar that cannot be downloaded fails this task, reported like any other failure.
            slot.setContextClassLoader(classLoaders.loaderFor(attempt.applicationId(), launch.applicationJars()));
            DirectResultEnvironment taskEnvironment = new DirectResultEnvironment(environment, DIRECT_RESULT_MAX_BYTES);
            TaskResult result = runner.run(launch.task(), taskEnvironment);
            workerLog.info("executor {} finished {} in {} ms", info.executorId(), attempt, millisSince(started));
            report = new DriverProtocol.TaskFinished(attempt, info.executorId(), info.incarnation(),
                    result.metrics(), result.cachedBlocks(), taskEnvironment.directResult());
        } catch (Exception | Error e) {
            // Errors too (a StackOverflowError in a deep expression, an OutOfMemoryError): the driver must hear
            // about the task, or it waits for it forever.
            FetchFailure fetchFailure = fetchFailureIn(e);
            String error = describeFailure(e);
            String missingClass = ApplicationClassLoaders.missingClassHint(e, info.executorId(),
                    attempt.applicationId(), launch.applicationJars());
            if (missingClass != null) error += ". The " + missingClass;
            if (fetchFailure != null) {
                workerLog.warn("executor {} failed {} after {} ms: {}", info.executorId(), attempt,
                        millisSince(started), error);
            } else {
                workerLog.warn("executor {} failed {} after {} ms: {}", info.executorId(), attempt,
                        millisSince(started), error, e);
            }
            report = new DriverProtocol.TaskFailed(attempt, info.executorId(), info.incarnation(), error,
                    fetchFailure);
        } finally {
            // The next task on this slot may be another application's.
            slot.setContextClassLoader(slotLoader);
        }
        launch.driver().tell(report);
        // After the report: a heartbeat may list a task already reported, never miss one still running.
        runningTasks.remove(attempt);
    }

    /** A failure the driver asked for (glasshouse chaos --fail-tasks); its message says so. */
    static final class InjectedTaskFailure extends RuntimeException {
        InjectedTaskFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static void deleteBlocks(ShuffleBlockStore blockStore, CacheStore cacheStore, String applicationId) {
        try {
            blockStore.deleteApplication(applicationId);
            cacheStore.dropApplication(applicationId);
        } catch (IOException e) {
            workerLog.warn("could not delete the blocks of application {}: {}", applicationId, e.toString());
        }
    }

    private static void releaseCode(ApplicationClassLoaders classLoaders, String applicationId) {
        try {
            classLoaders.release(applicationId);
        } catch (IOException e) {
            workerLog.warn("could not delete the jars of application {}: {}", applicationId, e.toString());
        }
    }

    /** The fetch failure anywhere in the cause chain: operators may wrap it on its way up. */
    private static FetchFailure fetchFailureIn(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth <= MAX_CAUSES; t = t.getCause(), depth++) {
            if (t instanceof FetchFailedException fetchFailed) return fetchFailed.failure();
        }
        return null;
    }

    /**
     * The text users see for a failed task: each exception of the chain as "SimpleName: message", outermost
     * first. A wrapper that only repeats its cause ({@code new RuntimeException(cause)}) is left out.
     */
    static String describeFailure(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int depth = 0;
        for (Throwable t = failure; t != null && seen.add(t) && depth <= MAX_CAUSES; t = t.getCause(), depth++) {
            Throwable cause = t.getCause();
            if (cause != null && cause.toString().equals(t.getMessage())) continue;
            if (!text.isEmpty()) text.append("; caused by ");
            text.append(t.getClass().getSimpleName());
            String message = t.getMessage();
            if (message != null && !message.isBlank()) text.append(": ").append(message);
        }
        return text.toString();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
