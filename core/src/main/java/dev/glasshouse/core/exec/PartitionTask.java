package dev.glasshouse.core.exec;

import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import java.util.Iterator;

/**
 * Runs one task attempt on an executor: opens the partition's source, pipes its rows through the narrow
 * operators and drains them into the sink, one row at a time. Aggregations, sorts and joins hold more than a
 * row; they share the task's {@link TaskMemory} and spill to local disk when it runs out.
 */
public final class PartitionTask {
    private PartitionTask() {
    }

    /**
     * @return the task's metrics and the cached partitions it stored, once its output is committed
     * @throws FetchFailedException      when a shuffle block could not be read (the map side must be recomputed)
     * @throws TaskOutOfMemoryException when the task does not fit in memory even by spilling, or the JVM ran out of
     *                                   heap while it ran
     * @throws Exception                 any other failure of the task (bad input, S3 errors, bugs)
     */
    public static TaskResult run(TaskDescription task, TaskEnvironment env) throws Exception {
        TaskAttemptId id = task.id();
        try (TaskMemory memory = new TaskMemory(id.stageId(), id.partition(), env.executionMemory(),
                id.applicationId() + "-task-" + id.taskId() + "-" + id.attempt())) {
            try {
                return runPipeline(task, env, memory);
            } catch (OutOfMemoryError e) {
                // runPipeline's frame is gone, so the task's rows and tables are garbage now: the executor lives on.
                throw memory.outOfMemory(e);
            }
        }
    }

    private static TaskResult runPipeline(TaskDescription task, TaskEnvironment env, TaskMemory memory)
            throws Exception {
        long started = System.nanoTime();
        TaskPlan plan = task.plan();
        try (TaskSources source = new TaskSources(task.id().applicationId(), task.id().partition(), env, memory)) {
            Iterator<Row> rows = source.open(plan.source());
            for (PartitionOperator operator : plan.operators()) rows = operator.apply(rows, source);
            SinkWriter.Written written = SinkWriter.drain(plan.sink(), task.id(), rows, env);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new TaskResult(new TaskMetrics(millis,
                    source.inputBytes(), source.inputRows(),
                    source.shuffleBytes(), source.shuffleRows(),
                    written.shuffleBytes(), written.shuffleRows(),
                    written.outputBytes(), written.outputRows(),
                    memory.spilledBytes(), source.cachedPartitions()), source.storedBlocks());
        }
    }
}
