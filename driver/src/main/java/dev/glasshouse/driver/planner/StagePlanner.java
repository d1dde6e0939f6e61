package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Cuts a physical plan into stages at every {@link PhysicalNode.Exchange}: everything between two shuffles is
 * pipelined into one stage, whose tasks each run the whole chain on one partition.
 */
public final class StagePlanner {
    private final SplitSource splitSource;
    private final IntSupplier stageIds;
    private final IntSupplier shuffleIds;

    /** Stage and shuffle ids come from the application, so they stay unique across its jobs. */
    public StagePlanner(SplitSource splitSource, IntSupplier stageIds, IntSupplier shuffleIds) {
        this.splitSource = splitSource;
        this.stageIds = stageIds;
        this.shuffleIds = shuffleIds;
    }

    /** @param resultSink the action's sink, given the result rows' schema */
    public JobPlan plan(PhysicalNode root, Function<Schema, PartitionSink> resultSink) {
        List<Stage> stages = new ArrayList<>();
        Pipeline pipeline = pipeline(root, stages);
        stages.add(new Stage(stageIds.getAsInt(), false, pipeline.input, pipeline.operators, pipeline.steps,
                resultSink.apply(root.schema()), pipeline.parents, -1, root.schema()));
        return new JobPlan(stages);
    }

    /** The operators of the stage being built, from its input up to {@code node}. */
    private record Pipeline(StageInput input, List<PartitionOperator> operators, List<String> steps,
                            List<Integer> parents) {
        Pipeline then(PartitionOperator operator, String step) {
            List<PartitionOperator> ops = new ArrayList<>(operators);
            ops.add(operator);
            List<String> allSteps = new ArrayList<>(steps);
            allSteps.add(step);
            return new Pipeline(input, ops, allSteps, parents);
        }
    }

    private Pipeline pipeline(PhysicalNode node, List<Stage> stages) {
        if (node instanceof PhysicalNode.CsvScan scan) {
            return new Pipeline(
                    new StageInput.Scan(scan.relation().path(), splitSource.splits(scan.relation().path()),
                            scan.relation().options(), scan.relation().fileSchema(), scan.relation().columns()),
                    List.of(), List.of(scan.describe()), List.of());
        } else if (node instanceof PhysicalNode.FilterExec filter) {
            return pipeline(filter.child(), stages)
                    .then(new PartitionOperator.Filter(filter.condition()), filter.describe());
        } else if (node instanceof PhysicalNode.ProjectExec project) {
            return pipeline(project.child(), stages)
                    .then(new PartitionOperator.Project(project.expressions()), project.describe());
        } else if (node instanceof PhysicalNode.LocalLimit limit) {
            return pipeline(limit.child(), stages)
                    .then(new PartitionOperator.Limit(limit.count()), limit.describe());
        } else if (node instanceof PhysicalNode.HashAggregate aggregate) {
            return pipeline(aggregate.child(), stages).then(
                    aggregate.partial()
                            ? new PartitionOperator.PartialAggregate(aggregate.keys(), aggregate.aggregates())
                            : new PartitionOperator.FinalAggregate(aggregate.keys().size(), aggregate.aggregates()),
                    aggregate.describe());
        } else if (node instanceof PhysicalNode.Exchange exchange) {
            Pipeline map = pipeline(exchange.child(), stages);
            int shuffleId = shuffleIds.getAsInt();
            int[] keys = new int[exchange.keyCount()];
            for (int i = 0; i < keys.length; i++) keys[i] = i;
            Schema schema = exchange.child().schema();
            List<String> steps = new ArrayList<>(map.steps);
            steps.add("ShuffleWrite " + shuffleId + " (" + exchange.describe() + ")");
            Stage mapStage = new Stage(stageIds.getAsInt(), true, map.input, map.operators, steps,
                    new PartitionSink.ShuffleWrite(shuffleId, exchange.partitions(), keys, schema), map.parents,
                    shuffleId, schema);
            stages.add(mapStage);
            return new Pipeline(new StageInput.Shuffle(shuffleId, mapStage.id(), exchange.partitions(), schema),
                    List.of(), List.of("ShuffleRead " + shuffleId), List.of(mapStage.id()));
        } else {
            throw new IllegalStateException("unexpected " + node);
        }
    }
}
