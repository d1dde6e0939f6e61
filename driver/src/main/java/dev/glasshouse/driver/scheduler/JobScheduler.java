package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CacheMissException;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import dev.glasshouse.driver.cache.CacheLocations;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The driver's job, stage and task bookkeeping: which partitions are pending, running and done, where every
 * map output lives, which executor slots are free. A plain class with no Akka or network code: the driver actor
 * turns messages into calls here ({@link #taskFinished}, {@link #taskFailed}, {@link #executorLost}, ...) and
 * sends the {@link TaskLaunch}es that {@link #schedule()} returns. Tests drive it with scripted calls.
 *
 * <p>Recovery follows Spark: a lost executor takes its shuffle output with it; the map partitions it held run
 * again (only those), and stages reading them wait until the output is complete again.
 *
 * <p>Not thread-safe: one owner (the driver actor) calls it.
 */
public final class JobScheduler {
    /** Tasks that run at most this long (by the executors' measure, on average lately) are short. */
    static final double SHORT_TASK_MILLIS = 3;

    private final String applicationId;
    private final int maxTaskFailures;
    private final int maxStageAttempts;
    private final Consumer<SchedulerEvent> events;
    private final CacheLocations cacheLocations;
    /**
     * Tasks per core an executor may hold waiting in its queue while tasks are short: a short task takes less time
     * than the round trip of its launch and report, so one task per core would leave the cores idle between
     * tasks. Long tasks never wait in a queue (one per core, as in Spark), so no executor sits on queued work
     * while another is idle. 0 turns queueing off.
     */
    private final int queuedPerCoreForShortTasks;
    /** Moving average of recent task durations in ms; NaN until a task has finished. */
    private double recentTaskMillis = Double.NaN;

    private final Map<String, ExecutorSlots> executors = new LinkedHashMap<>();
    private final Map<Integer, ActiveJob> jobs = new LinkedHashMap<>();
    private final Map<Long, RunningTask> running = new HashMap<>();
    private final MapOutputRegistry mapOutputs = new MapOutputRegistry();
    private long nextTaskId;

    private static final class ExecutorSlots {
        final ExecutorInfo info;
        int free;

        ExecutorSlots(ExecutorInfo info) {
            this.info = info;
            this.free = info.cores();
        }
    }

    private static final class ActiveJob {
        final int jobId;
        final JobPlan plan;
        final long startedAt;
        final Map<Integer, StageRun> stages = new LinkedHashMap<>();

        ActiveJob(int jobId, JobPlan plan, long startedAt) {
            this.jobId = jobId;
            this.plan = plan;
            this.startedAt = startedAt;
            for (Stage stage : plan.stages()) stages.put(stage.id(), new StageRun(jobId, stage));
        }

        StageRun stageWritingShuffle(int shuffleId) {
            for (StageRun run : stages.values()) {
                if (run.stage.shuffleId() == shuffleId) return run;
            }
            return null;
        }
    }

    private record RunningTask(TaskAttemptId id, StageRun stage, String executorId) {
    }

    public JobScheduler(String applicationId, int maxTaskFailures, int maxStageAttempts,
                        Consumer<SchedulerEvent> events) {
        this(applicationId, maxTaskFailures, maxStageAttempts, 0, events, new CacheLocations());
    }

    /**
     * @param queuedPerCoreForShortTasks see the field; 0 for one task per core always
     * @param cacheLocations             where cached partitions are; kept up to date here from task reports and
     *                                   losses
     */
    public JobScheduler(String applicationId, int maxTaskFailures, int maxStageAttempts,
                        int queuedPerCoreForShortTasks, Consumer<SchedulerEvent> events,
                        CacheLocations cacheLocations) {
        this.applicationId = applicationId;
        this.maxTaskFailures = maxTaskFailures;
        this.maxStageAttempts = maxStageAttempts;
        this.queuedPerCoreForShortTasks = queuedPerCoreForShortTasks;
        this.events = events;
        this.cacheLocations = cacheLocations;
    }

    // ---- executors -------------------------------------------------------------------------------------------

    public void executorAdded(ExecutorInfo info) {
        if (executors.containsKey(info.executorId())) return;
        executors.put(info.executorId(), new ExecutorSlots(info));
        events.accept(new SchedulerEvent.ExecutorAdded(info));
    }

    public int executorCount() {
        return executors.size();
    }

    /**
     * The executor is gone with everything on it: its running tasks go back to pending (not counted as task
     * failures: the task did nothing wrong) and the map outputs it held are recomputed.
     */
    public void executorLost(String executorId, String reason) {
        if (executors.remove(executorId) == null) return;
        int requeued = 0;
        for (RunningTask task : List.copyOf(running.values())) {
            if (!task.executorId().equals(executorId)) continue;
            running.remove(task.id().taskId());
            task.stage().runningByPartition.remove(task.id().partition());
            task.stage().pending.add(task.id().partition());
            requeued++;
        }
        cacheLocations.executorLost(executorId);
        events.accept(new SchedulerEvent.ExecutorRemoved(executorId, reason, requeued));
        Map<Integer, List<Integer>> lost = mapOutputs.unregisterExecutor(executorId);
        lost.forEach((shuffleId, partitions) -> resubmitMapPartitions(shuffleId, partitions,
                "map output lost with executor " + executorId));
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    public void submitJob(int jobId, JobPlan plan, long nowMillis) {
        ActiveJob job = new ActiveJob(jobId, plan, nowMillis);
        jobs.put(jobId, job);
        for (Stage stage : plan.stages()) {
            if (stage.isShuffleMap()) mapOutputs.registerShuffle(stage.shuffleId(), stage.partitions());
        }
    }

    public boolean hasActiveJobs() {
        return !jobs.isEmpty();
    }

    public void failAllJobs(String reason) {
        for (ActiveJob job : List.copyOf(jobs.values())) failJob(job, reason);
    }

    public void taskFinished(TaskAttemptId id, String executorId, TaskMetrics metrics, long nowMillis) {
        taskFinished(id, executorId, metrics, List.of(), nowMillis);
    }

    /** @param cachedBlocks partitions of persisted datasets the task computed and its executor keeps */
    public void taskFinished(TaskAttemptId id, String executorId, TaskMetrics metrics, List<CachedBlock> cachedBlocks,
                             long nowMillis) {
        if (executors.containsKey(executorId) && !cachedBlocks.isEmpty()) {
            cacheLocations.stored(executorId, cachedBlocks);
        }
        RunningTask task = running.remove(id.taskId());
        if (task == null) return; // stale: re-queued after its executor was lost, or its job already ended
        freeSlot(executorId);
        recentTaskMillis = Double.isNaN(recentTaskMillis) ? metrics.durationMs()
                : 0.8 * recentTaskMillis + 0.2 * metrics.durationMs();
        StageRun stage = task.stage();
        stage.runningByPartition.remove(id.partition());
        events.accept(new SchedulerEvent.TaskEnded(id, executorId, true, metrics, null));
        ExecutorSlots slots = executors.get(executorId);
        if (slots == null || !jobs.containsKey(stage.jobId)) {
            // Its executor was declared lost meanwhile (the output went with it; the partition is already pending
            // again), or its job has ended.
            return;
        }
        stage.finished.put(id.partition(), new TaskOutcome(id.partition(), id.taskId(), slots.info, metrics));
        if (stage.stage.isShuffleMap()) {
            mapOutputs.register(stage.stage.shuffleId(), new MapOutputLocation(id.partition(), executorId,
                    slots.info.host(), slots.info.blockServerPort()));
        }
        if (stage.allFinished() && !stage.completed) {
            stage.completed = true;
            events.accept(new SchedulerEvent.StageCompleted(stage.jobId, stage.stage.id(), stage.attempt,
                    stage.summary()));
            ActiveJob job = jobs.get(stage.jobId);
            if (!stage.stage.isShuffleMap() && job != null) finishJob(job, nowMillis);
        }
    }

    public void taskFailed(TaskAttemptId id, String executorId, String error, FetchFailure fetchFailure) {
        RunningTask task = running.remove(id.taskId());
        if (task == null) return;
        freeSlot(executorId);
        StageRun stage = task.stage();
        stage.runningByPartition.remove(id.partition());
        events.accept(new SchedulerEvent.TaskEnded(id, executorId, false, null, error));
        ActiveJob job = jobs.get(stage.jobId);
        if (job == null) return;
        if (fetchFailure != null) {
            // Not the reduce task's fault: run it again once the missing map output exists again.
            stage.pending.add(id.partition());
            if (mapOutputs.unregister(fetchFailure.shuffleId(), fetchFailure.mapPartition(), fetchFailure.executorId())) {
                resubmitMapPartitions(fetchFailure.shuffleId(), List.of(fetchFailure.mapPartition()),
                        "fetch failed from executor " + fetchFailure.executorId() + ": " + fetchFailure.reason());
            }
            return;
        }
        if (error.startsWith(CacheMissException.PREFIX)) {
            // Planned without lineage, its cached partition is gone: nothing to retry here. The session plans the
            // job again, with the lineage this time, now that the location is forgotten.
            cacheLocations.dropped(executorId, stage.stage.cacheBlocks(id.partition()));
            failJob(job, error);
            return;
        }
        int failures = stage.failures.merge(id.partition(), 1, Integer::sum);
        if (failures >= maxTaskFailures) {
            failJob(job, "task for partition " + id.partition() + " of stage " + id.stageId() + " failed "
                    + failures + " times; last error on executor " + executorId + ": " + error);
            return;
        }
        stage.pending.add(id.partition());
    }

    /** An executor let go of cached partitions (evicted): later readers of them go elsewhere or recompute. */
    public void cachedBlocksDropped(String executorId, List<CacheBlockId> blocks, String reason) {
        cacheLocations.dropped(executorId, blocks);
        events.accept(new SchedulerEvent.CachedPartitionsDropped(executorId, blocks, reason));
    }

    /**
     * Launches pending tasks of runnable stages into free slots. A stage is runnable when every shuffle it reads
     * is complete. A task reading a cached partition goes to an executor holding it, and waits while that
     * executor is busy (there, the partition costs nothing; anywhere else it is recomputed). Other tasks go to
     * the executor with the most free slots, so work spreads over the cluster.
     */
    public List<TaskLaunch> schedule() {
        List<TaskLaunch> launches = new ArrayList<>();
        for (ActiveJob job : jobs.values()) {
            for (StageRun stage : job.stages.values()) {
                if (stage.pending.isEmpty() || !parentsComplete(job, stage)) continue;
                // Every shuffle the stage reads: its input's, and the build side of each join in it.
                Map<Integer, List<MapOutputLocation>> inputs = new HashMap<>();
                for (int parentId : stage.stage.parents()) {
                    int shuffleId = job.stages.get(parentId).stage.shuffleId();
                    inputs.put(shuffleId, mapOutputs.locations(shuffleId));
                }
                boolean queue = queuedPerCoreForShortTasks > 0 && recentTaskMillis <= SHORT_TASK_MILLIS;
                Iterator<Integer> pending = stage.pending.iterator();
                while (pending.hasNext()) {
                    ExecutorSlots mostFree = executors.values().stream().filter(e -> hasRoom(e, queue))
                            .max(Comparator.comparingInt(e -> e.free)).orElse(null);
                    if (mostFree == null) return launches;
                    int partition = pending.next();
                    ExecutorSlots target = slotFor(stage, partition, mostFree, queue);
                    if (target == null) continue;
                    pending.remove();
                    TaskAttemptId id = new TaskAttemptId(applicationId, job.jobId, stage.stage.id(), stage.attempt,
                            partition, stage.nextAttemptNumber(partition), nextTaskId++);
                    target.free--;
                    stage.tasksRun++;
                    stage.runningByPartition.put(partition, id.taskId());
                    running.put(id.taskId(), new RunningTask(id, stage, target.info.executorId()));
                    launches.add(new TaskLaunch(target.info.executorId(),
                            new TaskDescription(id, stage.stage.taskPlan(partition, inputs))));
                    events.accept(new SchedulerEvent.TaskStarted(id, target.info.executorId()));
                    if (stage.attempt == 0 && stage.tasksRun == 1) {
                        events.accept(new SchedulerEvent.StageSubmitted(job.jobId, stage.stage.id(), 0,
                                stage.stage.partitions(), stage.stage.describe()));
                    }
                }
            }
        }
        return launches;
    }

    /**
     * Where to run the task: an executor holding its cached partitions if one is alive (null while all such are
     * busy), else {@code mostFree}.
     */
    private ExecutorSlots slotFor(StageRun stage, int partition, ExecutorSlots mostFree, boolean queue) {
        List<CacheBlockId> blocks = stage.stage.cacheBlocks(partition);
        if (blocks.isEmpty()) return mostFree;
        ExecutorSlots best = null;
        boolean anyHolderAlive = false;
        for (CacheBlockId block : blocks) {
            for (String holder : cacheLocations.holders(block)) {
                ExecutorSlots slots = executors.get(holder);
                if (slots == null) continue;
                anyHolderAlive = true;
                if (hasRoom(slots, queue) && (best == null || slots.free > best.free)) best = slots;
            }
        }
        return anyHolderAlive ? best : mostFree;
    }

    /** A free slot, or (while tasks are short) room in the executor's queue. */
    private boolean hasRoom(ExecutorSlots executor, boolean queue) {
        return executor.free > (queue ? -executor.info.cores() * queuedPerCoreForShortTasks : 0);
    }

    private boolean parentsComplete(ActiveJob job, StageRun stage) {
        for (int parentId : stage.stage.parents()) {
            if (!mapOutputs.isComplete(job.stages.get(parentId).stage.shuffleId())) return false;
        }
        return true;
    }

    /** Lost map partitions run again (only those) in a new attempt of the stage that wrote them. */
    private void resubmitMapPartitions(int shuffleId, List<Integer> partitions, String reason) {
        for (ActiveJob job : List.copyOf(jobs.values())) {
            StageRun mapStage = job.stageWritingShuffle(shuffleId);
            if (mapStage == null) continue;
            List<Integer> resubmitted = new ArrayList<>();
            for (int p : partitions) {
                if (mapStage.finished.remove(p) != null) {
                    mapStage.pending.add(p);
                    resubmitted.add(p);
                }
            }
            if (resubmitted.isEmpty()) continue;
            mapStage.completed = false;
            mapStage.attempt++;
            if (mapStage.attempt >= maxStageAttempts) {
                failJob(job, "stage " + mapStage.stage.id() + " was attempted " + mapStage.attempt
                        + " times; last cause: " + reason);
                continue;
            }
            events.accept(new SchedulerEvent.PartitionsResubmitted(job.jobId, mapStage.stage.id(), mapStage.attempt,
                    resubmitted, reason));
        }
    }

    private void finishJob(ActiveJob job, long nowMillis) {
        jobs.remove(job.jobId);
        List<StageSummary> summaries = job.stages.values().stream().map(StageRun::summary).toList();
        StageRun result = job.stages.get(job.plan.resultStage().id());
        events.accept(new SchedulerEvent.JobSucceeded(new JobResult(job.jobId, nowMillis - job.startedAt, summaries,
                List.copyOf(result.finished.values()))));
    }

    private void failJob(ActiveJob job, String reason) {
        // Tasks of the job still running keep their slots until they report; their reports are then ignored.
        if (jobs.remove(job.jobId) == null) return;
        events.accept(new SchedulerEvent.JobFailed(job.jobId, reason));
    }

    private void freeSlot(String executorId) {
        ExecutorSlots slots = executors.get(executorId);
        if (slots != null) slots.free++;
    }

    /** For tests and the end of an application: true when no task is tracked as running. */
    public boolean isIdle() {
        return running.isEmpty() && jobs.isEmpty();
    }
}
