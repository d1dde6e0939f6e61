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
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.Stage;
import java.util.ArrayList;
import java.util.Comparator;
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
 * sends the {@link TaskLaunch}es that {@link #schedule} and {@link #speculate} return. Tests drive it with
 * scripted calls and a scripted clock ({@code nowMillis}).
 *
 * <p>Recovery follows Spark. A lost executor takes its shuffle output with it; so does a fetch failure, which
 * also puts the reduce task back to pending. The lost map partitions (only those) run again in one new attempt
 * of their stage, made when the driver calls {@link #resubmitFailedStages} a short while after the first failure
 * of a burst. A task that throws is retried elsewhere, up to {@code maxTaskFailures} times.
 *
 * <p>Not thread-safe: one owner (the driver actor) calls it.
 */
public final class JobScheduler {
    private final String applicationId;
    private final SchedulerSettings settings;
    private final Consumer<SchedulerEvent> events;
    private final CacheLocations cacheLocations;
    private final ExecutorPool executors;
    private final SpeculationPolicy speculation; // null when off

    private final Map<Integer, ActiveJob> jobs = new LinkedHashMap<>();
    /** Every attempt launched and not reported whose executor is alive, superseded copies too: each holds a slot. */
    private final Map<Long, RunningTask> running = new HashMap<>();
    private final MapOutputRegistry mapOutputs = new MapOutputRegistry();
    private final FailedStages failedStages = new FailedStages();
    private long nextTaskId;
    /** The latest {@code nowMillis} the scheduler was given; what {@link #schedule()} launches tasks at. */
    private long clock;

    public JobScheduler(String applicationId, int maxTaskFailures, int maxStageAttempts,
                        Consumer<SchedulerEvent> events) {
        this(applicationId, SchedulerSettings.of(maxTaskFailures, maxStageAttempts), 0, events, new CacheLocations());
    }

    /**
     * @param queuedPerCoreForShortTasks tasks per core an executor may hold waiting in its queue while tasks are
     *                                   short (see {@link ExecutorPool}); 0 for one task per core always
     * @param cacheLocations             where cached partitions are; kept up to date here from task reports and
     *                                   losses
     */
    public JobScheduler(String applicationId, SchedulerSettings settings, int queuedPerCoreForShortTasks,
                        Consumer<SchedulerEvent> events, CacheLocations cacheLocations) {
        this.applicationId = applicationId;
        this.settings = settings;
        this.events = events;
        this.cacheLocations = cacheLocations;
        this.executors = new ExecutorPool(queuedPerCoreForShortTasks, cacheLocations);
        this.speculation = settings.speculation().enabled() ? new SpeculationPolicy(settings.speculation()) : null;
    }

    // ---- executors -------------------------------------------------------------------------------------------

    public void executorAdded(ExecutorInfo info) {
        if (executors.add(info)) events.accept(new SchedulerEvent.ExecutorAdded(info));
    }

    public int executorCount() {
        return executors.size();
    }

    /**
     * The executor is gone with everything on it: its running tasks go back to pending (not counted as task
     * failures: the task did nothing wrong) and the map outputs it held are recomputed — in the stage's current
     * attempt if it is still running, else in one new attempt at the next {@link #resubmitFailedStages}.
     */
    public void executorLost(String executorId, String reason) {
        if (!executors.remove(executorId)) return;
        int requeued = 0;
        for (RunningTask task : List.copyOf(running.values())) {
            if (!task.executorId().equals(executorId)) continue;
            running.remove(task.id().taskId());
            StageRun stage = task.stage();
            if (stage.attemptEnded(task.id().partition(), task.id().taskId()) && jobs.containsKey(stage.jobId)) {
                stage.pending.add(task.id().partition());
                requeued++;
            }
        }
        cacheLocations.executorLost(executorId);
        events.accept(new SchedulerEvent.ExecutorRemoved(executorId, reason, requeued));
        mapOutputs.executorLost(executorId).forEach((shuffleId, partitions) -> outputsLost(shuffleId,
                partitions, "map output lost with executor " + executorId + " (" + reason + ")"));
    }

    // ---- jobs ------------------------------------------------------------------------------------------------

    public void submitJob(int jobId, JobPlan plan, long nowMillis) {
        tick(nowMillis);
        jobs.put(jobId, new ActiveJob(jobId, plan, nowMillis));
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

    /**
     * The first successful attempt of a partition commits it (its map output is registered, its metrics count);
     * later ones, and reports of attempts no longer tracked (duplicates, from a lost executor, of an ended job),
     * are ignored.
     *
     * @param cachedBlocks partitions of persisted datasets the task computed and its executor keeps
     */
    public void taskFinished(TaskAttemptId id, String executorId, TaskMetrics metrics, List<CachedBlock> cachedBlocks,
                             long nowMillis) {
        tick(nowMillis);
        if (executors.contains(executorId) && !cachedBlocks.isEmpty()) {
            cacheLocations.stored(executorId, cachedBlocks);
        }
        RunningTask task = takeRunning(id, executorId);
        if (task == null) return;
        executors.taskTook(metrics.durationMs());
        StageRun stage = task.stage();
        int partition = id.partition();
        stage.attemptEnded(partition, id.taskId());
        events.accept(new SchedulerEvent.TaskEnded(id, executorId, true, metrics, null));
        ActiveJob job = jobs.get(stage.jobId);
        if (job == null) return;
        TaskOutcome winner = stage.finished.get(partition);
        if (winner != null) {
            events.accept(new SchedulerEvent.TaskResultIgnored(id, executorId, "partition " + partition + " of stage "
                    + id.stageId() + " was already finished by task " + winner.taskId() + " on "
                    + winner.executor().executorId()));
            return;
        }
        if (stage.stage.isShuffleMap() && !mapOutputs.trusts(executorId, task.launchEpoch())) {
            String cause = "its map output is on executor " + executorId
                    + ", whose shuffle blocks failed to be fetched after the task started";
            events.accept(new SchedulerEvent.TaskResultIgnored(id, executorId, cause));
            boolean placed = stage.pending.contains(partition) || stage.running.containsKey(partition)
                    || failedStages.isLost(stage, partition);
            if (!placed) rerun(job, stage, List.of(partition), cause);
            return;
        }
        commit(job, stage, task, metrics);
    }

    private void commit(ActiveJob job, StageRun stage, RunningTask task, TaskMetrics metrics) {
        int partition = task.id().partition();
        ExecutorInfo executor = executors.info(task.executorId());
        // Other attempts of the partition are superseded (their reports will be ignored); a lost copy is found.
        stage.pending.remove(partition);
        stage.running.remove(partition);
        failedStages.recovered(stage, partition);
        stage.finished.put(partition, new TaskOutcome(partition, task.id().taskId(), executor, metrics));
        stage.durations.add(clock - task.startedAt());
        if (stage.stage.isShuffleMap()) {
            mapOutputs.register(stage.stage.shuffleId(), new MapOutputLocation(partition, executor.executorId(),
                    executor.host(), executor.blockServerPort()));
        }
        if (stage.allFinished() && !stage.completed) {
            stage.completed = true;
            stage.consecutiveFailedAttempts = 0;
            failedStages.remove(stage);
            events.accept(new SchedulerEvent.StageCompleted(stage.jobId, stage.stage.id(), stage.attempt,
                    stage.summary()));
            if (!stage.stage.isShuffleMap()) finishJob(job);
        }
    }

    /**
     * A fetch failure is not the reduce task's fault: it runs again once the map output is back. Any other error
     * counts towards the partition's {@code maxTaskFailures}; the retry prefers an executor it has not failed on.
     */
    public void taskFailed(TaskAttemptId id, String executorId, String error, FetchFailure fetchFailure) {
        RunningTask task = takeRunning(id, executorId);
        if (task == null) return;
        StageRun stage = task.stage();
        int partition = id.partition();
        boolean runAgain = stage.attemptEnded(partition, id.taskId());
        events.accept(new SchedulerEvent.TaskEnded(id, executorId, false, null, error));
        ActiveJob job = jobs.get(stage.jobId);
        if (job == null || stage.finished.containsKey(partition)) return; // over, or another attempt produced it
        if (fetchFailure != null) {
            if (runAgain) stage.pending.add(partition);
            fetchFailed(stage, task, fetchFailure);
            return;
        }
        if (error.startsWith(CacheMissException.PREFIX)) {
            // Planned without lineage, its cached partition is gone: nothing to retry here. The session plans the
            // job again, with the lineage this time, now that the location is forgotten.
            cacheLocations.dropped(executorId, stage.stage.cacheBlocks(partition));
            failJob(job, error);
            return;
        }
        int failures = stage.failures.record(partition, id.attempt(), executorId, error);
        if (failures >= settings.maxTaskFailures()) {
            failJob(job, "task for partition " + partition + " of stage " + id.stageId() + " failed " + failures
                    + " times (" + SchedulerSettings.TASK_MAX_FAILURES + " = " + settings.maxTaskFailures()
                    + "); attempts: " + stage.failures.describe(partition));
            return;
        }
        if (runAgain) stage.pending.add(partition);
    }

    /**
     * Unregisters what the failure shows lost, unless it is stale: the output it names was already unregistered
     * (resubmitted) or registered again after the task started. A failure of the reduce stage's current attempt
     * also gives that stage a new attempt at the next resubmission; an older attempt's does not (it is retrying).
     */
    private void fetchFailed(StageRun reduceStage, RunningTask task, FetchFailure failure) {
        List<Integer> lost = mapOutputs.fetchFailed(failure, task.launchEpoch());
        if (!lost.isEmpty()) {
            outputsLost(failure.shuffleId(), lost, "map output lost with executor " + failure.executorId() + " ("
                    + failure + ")");
        }
        if (task.id().stageAttempt() == reduceStage.attempt) {
            failedStages.fetchFailed(reduceStage, task.id().partition(), failure.toString());
        }
    }

    /** True while failed stages wait for {@link #resubmitFailedStages}: the driver arms one timer for the burst. */
    public boolean hasStagesToResubmit() {
        return !failedStages.isEmpty();
    }

    /**
     * Gives every failed stage gathered since the last call one new attempt, running its lost partitions; a job
     * whose stage has now failed {@code maxConsecutiveStageAttempts} attempts in a row fails instead.
     */
    public void resubmitFailedStages(long nowMillis) {
        tick(nowMillis);
        List<FailedStages.Entry> batch = failedStages.drain();
        for (FailedStages.Entry entry : batch) {
            StageRun stage = entry.stage;
            ActiveJob job = jobs.get(stage.jobId);
            if (job == null) continue;
            if (++stage.consecutiveFailedAttempts >= settings.maxConsecutiveStageAttempts()) {
                failJob(job, "stage " + stage.stage.id() + " failed " + stage.consecutiveFailedAttempts
                        + " consecutive attempts (" + SchedulerSettings.STAGE_MAX_CONSECUTIVE_ATTEMPTS + " = "
                        + settings.maxConsecutiveStageAttempts() + "); last cause: " + entry.reason());
            }
        }
        for (FailedStages.Entry entry : batch) {
            StageRun stage = entry.stage;
            if (!jobs.containsKey(stage.jobId)) continue;
            stage.attempt++;
            stage.pending.addAll(entry.lostOutputs);
            events.accept(new SchedulerEvent.PartitionsResubmitted(stage.jobId, stage.stage.id(), stage.attempt,
                    entry.partitions(), entry.reason()));
        }
    }

    /** An executor let go of cached partitions (evicted): later readers of them go elsewhere or recompute. */
    public void cachedBlocksDropped(String executorId, List<CacheBlockId> blocks, String reason) {
        cacheLocations.dropped(executorId, blocks);
        events.accept(new SchedulerEvent.CachedPartitionsDropped(executorId, blocks, reason));
    }

    // ---- launching -------------------------------------------------------------------------------------------

    /** {@link #schedule(long)} at the latest time the scheduler was given. */
    public List<TaskLaunch> schedule() {
        return schedule(clock);
    }

    /**
     * Launches pending tasks of runnable stages into free slots. A stage is runnable when every shuffle it reads
     * is complete. Where each task goes: see {@link ExecutorPool#forTask}.
     */
    public List<TaskLaunch> schedule(long nowMillis) {
        tick(nowMillis);
        List<TaskLaunch> launches = new ArrayList<>();
        boolean queue = executors.queueWhileTasksAreShort();
        for (ActiveJob job : jobs.values()) {
            for (StageRun stage : job.stages.values()) {
                if (stage.pending.isEmpty() || !job.parentsComplete(stage, mapOutputs)) continue;
                Iterator<Integer> pending = stage.pending.iterator();
                while (pending.hasNext()) {
                    if (!executors.anyRoom(queue)) return launches;
                    int partition = pending.next();
                    String target = executors.forTask(stage.stage.cacheBlocks(partition),
                            executor -> stage.failures.rank(partition, executor), queue);
                    if (target == null) continue;
                    pending.remove();
                    TaskLaunch launch = launch(job, stage, partition, target, false);
                    launches.add(launch);
                    if (!stage.failures.of(partition).isEmpty()) {
                        events.accept(new SchedulerEvent.TaskRetried(launch.task().id(), target,
                                stage.failures.retryReason(partition, target)));
                    }
                }
            }
        }
        return launches;
    }

    /**
     * Launches one copy of each straggler (see {@link SpeculationPolicy}) on another executor with a free core.
     * Nothing while speculation is off.
     */
    public List<TaskLaunch> speculate(long nowMillis) {
        tick(nowMillis);
        List<TaskLaunch> launches = new ArrayList<>();
        if (speculation == null) return launches;
        List<RunningTask> candidates = running.values().stream()
                .sorted(Comparator.comparingLong(t -> t.id().taskId())).toList();
        for (RunningTask task : candidates) {
            StageRun stage = task.stage();
            ActiveJob job = jobs.get(stage.jobId);
            int partition = task.id().partition();
            if (job == null || !stage.isOnlyAttempt(partition, task.id().taskId())
                    || !job.parentsComplete(stage, mapOutputs)) {
                continue;
            }
            long median = speculation.medianMillis(stage);
            long runningMillis = clock - task.startedAt();
            if (!speculation.isStraggler(runningMillis, median)) continue;
            String target = executors.forSpeculativeCopy(task.executorId());
            if (target == null) continue;
            TaskLaunch copy = launch(job, stage, partition, target, true);
            launches.add(copy);
            events.accept(new SchedulerEvent.SpeculativeTaskLaunched(copy.task().id(), target,
                    SpeculationPolicy.reason(runningMillis, median) + "; copy of " + task.id() + " on "
                            + task.executorId()));
        }
        return launches;
    }

    private TaskLaunch launch(ActiveJob job, StageRun stage, int partition, String executorId, boolean speculative) {
        TaskAttemptId id = new TaskAttemptId(applicationId, job.jobId, stage.stage.id(), stage.attempt, partition,
                stage.nextAttemptNumber(partition), nextTaskId++);
        executors.take(executorId);
        stage.tasksRun++;
        stage.attemptStarted(partition, id.taskId());
        running.put(id.taskId(), new RunningTask(id, stage, executorId, clock, mapOutputs.epoch(), speculative));
        events.accept(new SchedulerEvent.TaskStarted(id, executorId));
        if (stage.attempt == 0 && stage.tasksRun == 1) {
            events.accept(new SchedulerEvent.StageSubmitted(job.jobId, stage.stage.id(), 0, stage.stage.partitions(),
                    stage.stage.describe()));
        }
        return new TaskLaunch(executorId,
                new TaskDescription(id, stage.stage.taskPlan(partition, job.inputsOf(stage, mapOutputs))));
    }

    // ---- losses ----------------------------------------------------------------------------------------------

    /** Finished map partitions whose output is gone must run again. */
    private void outputsLost(int shuffleId, List<Integer> partitions, String cause) {
        for (ActiveJob job : jobs.values()) {
            StageRun mapStage = job.stageWritingShuffle(shuffleId);
            if (mapStage == null) continue;
            List<Integer> lost = new ArrayList<>();
            for (int p : partitions) {
                if (mapStage.finished.remove(p) != null) lost.add(p);
            }
            if (!lost.isEmpty()) rerun(job, mapStage, lost, cause);
        }
    }

    /**
     * Partitions that must run again. A stage still running its attempt takes them back into that attempt, as
     * Spark's task set does for a lost executor. A completed one (or one already waiting) gets a new attempt at
     * the next {@link #resubmitFailedStages}, so a burst of failures costs one attempt.
     */
    private void rerun(ActiveJob job, StageRun stage, List<Integer> partitions, String cause) {
        if (stage.completed || failedStages.contains(stage)) {
            stage.completed = false;
            failedStages.outputsLost(stage, partitions, cause);
        } else {
            stage.pending.addAll(partitions);
            events.accept(new SchedulerEvent.PartitionsResubmitted(job.jobId, stage.stage.id(), stage.attempt,
                    List.copyOf(partitions), cause));
        }
    }

    // ---- bookkeeping -----------------------------------------------------------------------------------------

    /** The running attempt the report is about, now forgotten and its slot freed; null for a stale report. */
    private RunningTask takeRunning(TaskAttemptId id, String executorId) {
        RunningTask task = running.get(id.taskId());
        // Not tracked: a duplicate, or its executor was declared lost (its slot went with it), or a report naming
        // another executor than the one it was launched on.
        if (task == null || !task.executorId().equals(executorId)) return null;
        running.remove(id.taskId());
        executors.release(executorId);
        return task;
    }

    private void finishJob(ActiveJob job) {
        endJob(job);
        List<StageSummary> summaries = job.stages.values().stream().map(StageRun::summary).toList();
        StageRun result = job.stages.get(job.plan.resultStage().id());
        events.accept(new SchedulerEvent.JobSucceeded(new JobResult(job.jobId, clock - job.startedAt, summaries,
                List.copyOf(result.finished.values()))));
    }

    private void failJob(ActiveJob job, String reason) {
        if (!jobs.containsKey(job.jobId)) return;
        // Tasks of the job still running keep their slots until they report; their reports are then ignored.
        endJob(job);
        events.accept(new SchedulerEvent.JobFailed(job.jobId, reason));
    }

    private void endJob(ActiveJob job) {
        jobs.remove(job.jobId);
        failedStages.forgetJob(job.jobId);
        for (StageRun stage : job.stages.values()) {
            if (stage.stage.isShuffleMap()) mapOutputs.removeShuffle(stage.stage.shuffleId());
        }
    }

    private void tick(long nowMillis) {
        clock = Math.max(clock, nowMillis);
    }

    /** For tests and the end of an application: true when no task is tracked as running. */
    public boolean isIdle() {
        return running.isEmpty() && jobs.isEmpty();
    }

    /**
     * What the scheduler still holds, described; empty once every job has ended and every attempt reported (the
     * spirit of Spark's assertDataStructuresEmpty). Slots still taken would be phantoms.
     */
    List<String> leftoverState() {
        List<String> left = new ArrayList<>();
        if (!jobs.isEmpty()) left.add("active jobs " + jobs.keySet());
        if (!running.isEmpty()) left.add("running tasks " + running.keySet());
        if (!failedStages.isEmpty()) left.add("stages waiting to be resubmitted");
        if (!mapOutputs.shuffleIds().isEmpty()) left.add("map outputs of shuffles " + mapOutputs.shuffleIds());
        left.addAll(executors.slotsTaken());
        return left;
    }
}
