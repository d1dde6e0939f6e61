package dev.glasshouse.core.exec;

import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import java.util.Iterator;

/**
 * Runs one task attempt on an executor: opens the partition's source, pipes its rows through the narrow
 * operators and drains them into the sink, one row at a time. The only operators that hold more than a row are
 * the aggregations.
 */
public final class PartitionTask {
    private PartitionTask() {
    }

    /**
     * @return the task's metrics and the cached partitions it stored, once its output is committed
     * @throws FetchFailedException when a shuffle block could not be read (the map side must be recomputed)
     * @throws Exception            any other failure of the task (bad input, S3 errors, bugs)
     */
    public static TaskResult run(TaskDescription task, TaskEnvironment env) throws Exception {
        long started = System.nanoTime();
        TaskPlan plan = task.plan();
        try (TaskSources source = new TaskSources(task.id().applicationId(), task.id().partition(), env)) {
            Iterator<Row> rows = source.open(plan.source());
            for (PartitionOperator operator : plan.operators()) rows = operator.apply(rows, source);
            SinkWriter.Written written = SinkWriter.drain(plan.sink(), task.id(), rows, env);
            long millis = (System.nanoTime() - started) / 1_000_000;
            return new TaskResult(new TaskMetrics(millis,
                    source.inputBytes(), source.inputRows(),
                    source.shuffleBytes(), source.shuffleRows(),
                    written.shuffleBytes(), written.shuffleRows(),
                    written.outputBytes(), written.outputRows(),
                    0, source.cachedPartitions()), source.storedBlocks());
        }
    }
}
