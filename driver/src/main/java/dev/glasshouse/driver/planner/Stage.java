package dev.glasshouse.driver.planner;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.exec.TaskPlan;
import dev.glasshouse.core.types.Schema;
import java.util.List;
import java.util.Map;

/**
 * A set of tasks with no shuffle inside: one pipeline of narrow operators run once per partition. A shuffle map
 * stage ends by writing shuffle blocks; the result stage ends with the action's sink. A stage may read several
 * shuffles: its input's, and the build side of each hash join in its pipeline.
 *
 * @param steps    the pipelined physical operators, for explain and the UI, source first
 * @param parents  ids of the map stages whose shuffle output this stage reads (all of them)
 * @param shuffleId the shuffle this stage writes, or -1 for the result stage
 */
public record Stage(int id, boolean isShuffleMap, StageInput input, List<PartitionOperator> operators,
                    List<String> steps, PartitionSink sink, List<Integer> parents, int shuffleId,
                    Schema outputSchema) {

    /**
     * In a stage's operators, the build side of a shuffled hash join reads this reduce partition: it stands for
     * "the task's own partition", filled in by {@link #forPartition}. A broadcast build side reads partition 0.
     */
    public static final int TASK_PARTITION = -1;

    public int partitions() {
        return input.partitions();
    }

    /** The cached partitions task {@code partition} reads; the scheduler prefers the executors holding them. */
    public List<CacheBlockId> cacheBlocks(int partition) {
        return input.cacheBlocks(partition);
    }

    /**
     * The task plan for one partition.
     *
     * @param mapOutputs where the blocks of every shuffle this stage reads are, by shuffle id (empty for scans)
     */
    public TaskPlan taskPlan(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
        return new TaskPlan(input.source(partition, mapOutputs), forPartition(operators, partition, mapOutputs),
                sink);
    }

    /** The operators with each hash join's build side located: which reduce partition, and on which executors. */
    static List<PartitionOperator> forPartition(List<PartitionOperator> operators, int partition,
                                                Map<Integer, List<MapOutputLocation>> mapOutputs) {
        return operators.stream().map(op -> {
            if (op instanceof PartitionOperator.HashJoin join
                    && join.build() instanceof PartitionSource.ShuffleRead read) {
                int reduce = read.reducePartition() == TASK_PARTITION ? partition : read.reducePartition();
                return (PartitionOperator) join.withBuild(new PartitionSource.ShuffleRead(read.shuffleId(), reduce,
                        read.schema(), mapOutputs.getOrDefault(read.shuffleId(), List.of())));
            }
            return op;
        }).toList();
    }

    public String describe() {
        String kind = isShuffleMap ? "shuffle map stage" : "result stage";
        String writes = isShuffleMap ? "writes shuffle " + shuffleId + " (" + ((PartitionSink.ShuffleWrite) sink).partitions()
                + " partitions)" : "ends the job";
        return "Stage " + id + " (" + kind + "): " + partitions() + " task(s), reads " + input.describe() + ", "
                + writes + "\n    " + String.join(" -> ", steps);
    }
}
