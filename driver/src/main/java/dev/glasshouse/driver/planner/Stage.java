package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.exec.TaskPlan;
import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * A set of tasks with no shuffle inside: one pipeline of narrow operators run once per partition. A shuffle map
 * stage ends by writing shuffle blocks; the result stage ends with the action's sink.
 *
 * @param steps    the pipelined physical operators, for explain and the UI, source first
 * @param parents  ids of the map stages whose shuffle output this stage reads
 * @param shuffleId the shuffle this stage writes, or -1 for the result stage
 */
public record Stage(int id, boolean isShuffleMap, StageInput input, List<PartitionOperator> operators,
                    List<String> steps, PartitionSink sink, List<Integer> parents, int shuffleId,
                    Schema outputSchema) {

    public int partitions() {
        return input.partitions();
    }

    /** The task plan for one partition; {@code mapOutputs} locates the parent shuffle's blocks (empty for scans). */
    public TaskPlan taskPlan(int partition, List<MapOutputLocation> mapOutputs) {
        PartitionSource source;
        if (input instanceof StageInput.Scan scan) {
            source = new PartitionSource.CsvSplit(scan.splits().get(partition), scan.options(),
                    scan.fileSchema(), scan.columns());
        } else if (input instanceof StageInput.Shuffle shuffle) {
            source = new PartitionSource.ShuffleRead(shuffle.shuffleId(), partition,
                    shuffle.schema(), mapOutputs);
        } else {
            throw new IllegalStateException("unexpected " + input);
        }
        return new TaskPlan(source, operators, sink);
    }

    public String describe() {
        String kind = isShuffleMap ? "shuffle map stage" : "result stage";
        String reads;
        if (input instanceof StageInput.Scan scan) {
            reads = scan.splits().size() + " input split(s) of " + scan.path();
        } else if (input instanceof StageInput.Shuffle shuffle) {
            reads = "shuffle " + shuffle.shuffleId() + " written by stage "
                    + shuffle.mapStageId();
        } else {
            throw new IllegalStateException("unexpected " + input);
        }
        String writes = isShuffleMap ? "writes shuffle " + shuffleId + " (" + ((PartitionSink.ShuffleWrite) sink).partitions()
                + " partitions)" : "ends the job";
        return "Stage " + id + " (" + kind + "): " + partitions() + " task(s), reads " + reads + ", " + writes
                + "\n    " + String.join(" -> ", steps);
    }
}
