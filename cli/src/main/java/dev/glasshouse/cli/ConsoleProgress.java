package dev.glasshouse.cli;

import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Prints what the scheduler does as it happens: a line when a stage starts, one when it is done (with the
 * partitions it read from cache and the bytes it spilled, when any), and one for every loss, eviction, failure and
 * recomputation, with its reason. Called on the driver actor's thread.
 */
final class ConsoleProgress implements Consumer<SchedulerEvent> {
    private final PrintStream out;
    private final Map<Integer, Long> stageStarted = new HashMap<>();
    private final Set<Integer> jobsSeen = new HashSet<>();

    ConsoleProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(SchedulerEvent event) {
        if (event instanceof SchedulerEvent.StageSubmitted s) {
            if (jobsSeen.add(s.jobId())) out.printf("[job %d] started%n", s.jobId());
            stageStarted.put(s.stageId(), System.nanoTime());
            out.printf("[stage %d] started: %d task(s)%n", s.stageId(), s.tasks());
        } else if (event instanceof SchedulerEvent.StageCompleted c) {
            Long started = stageStarted.get(c.stageId());
            long millis = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
            int cached = c.summary().metrics().cachedPartitions();
            long spilled = c.summary().metrics().spillBytes();
            out.printf("[stage %d] done: %d/%d task(s) on %s in %d ms%s%s%s%n", c.stageId(), c.summary().partitions(),
                    c.summary().partitions(), new TreeSet<>(c.summary().executors()), millis,
                    cached > 0 ? ", " + cached + " partition(s) read from cache" : "",
                    spilled > 0 ? String.format(", %,d bytes spilled to disk", spilled) : "",
                    c.attempt() > 0 ? " (attempt " + (c.attempt() + 1) + ")" : "");
        } else if (event instanceof SchedulerEvent.TaskEnded t && !t.succeeded()) {
            out.printf("[stage %d] task for partition %d failed on %s: %s%n", t.task().stageId(),
                    t.task().partition(), t.executorId(), t.error());
        } else if (event instanceof SchedulerEvent.ExecutorRemoved r) {
            out.printf("[executor %s] lost: %s; %d running task(s) re-queued%n", r.executorId(), r.reason(),
                    r.tasksRequeued());
        } else if (event instanceof SchedulerEvent.CachedPartitionsDropped d) {
            out.printf("[executor %s] dropped %s: %s; recomputed from lineage when next needed%n", d.executorId(),
                    d.partitions(), d.reason());
        } else if (event instanceof SchedulerEvent.PartitionsResubmitted p) {
            out.printf("[stage %d] attempt %d: recomputing partitions %s (%s)%n", p.stageId(), p.attempt() + 1,
                    p.partitions(), p.reason());
        } else if (event instanceof SchedulerEvent.TaskRetried r) {
            out.printf("[stage %d] retrying partition %d on %s (attempt %d): %s%n", r.task().stageId(),
                    r.task().partition(), r.executorId(), r.task().attempt() + 1, r.reason());
        } else if (event instanceof SchedulerEvent.SpeculativeTaskLaunched s) {
            out.printf("[stage %d] speculative copy of partition %d on %s: %s%n", s.task().stageId(),
                    s.task().partition(), s.executorId(), s.reason());
        } else if (event instanceof SchedulerEvent.TaskResultIgnored i) {
            out.printf("[stage %d] result of partition %d from %s ignored: %s%n", i.task().stageId(),
                    i.task().partition(), i.executorId(), i.reason());
        } else if (event instanceof SchedulerEvent.JobSucceeded j) {
            out.printf("[job %d] finished in %d ms%n", j.result().jobId(), j.result().durationMs());
        } else if (event instanceof SchedulerEvent.JobFailed f) {
            out.printf("[job %d] failed: %s%n", f.jobId(), f.reason());
        }
    }
}
