package dev.glasshouse.driver.planner;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.exec.Partitioning;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Cuts a physical plan into stages at every {@link PhysicalNode.Exchange}: everything between two shuffles is
 * pipelined into one stage, whose tasks each run the whole chain on one partition. A hash join's build side is
 * a shuffle too, so a join stage has two parents.
 */
public final class StagePlanner {
    private final SplitSource splitSource;
    private final IntSupplier stageIds;
    private final IntSupplier shuffleIds;
    private final RangeBounds.Sampler sampler;
    private final CacheStatus cacheStatus;

    /** What the planner knows of cached datasets: whether every partition of one is cached somewhere. */
    @FunctionalInterface
    public interface CacheStatus {
        CacheStatus NOTHING_CACHED = (datasetId, partitions) -> false;

        boolean allCached(int datasetId, int partitions);
    }

    /**
     * Plans for {@code explain()}: range exchanges keep empty bounds (no sampling job runs). Stage and shuffle
     * ids come from the application, so they stay unique across its jobs.
     */
    public StagePlanner(SplitSource splitSource, IntSupplier stageIds, IntSupplier shuffleIds) {
        this(splitSource, stageIds, shuffleIds, null, CacheStatus.NOTHING_CACHED);
    }

    /** Plans for a run: each range exchange first gets its bounds from a sampling job run by {@code sampler}. */
    public StagePlanner(SplitSource splitSource, IntSupplier stageIds, IntSupplier shuffleIds,
                        RangeBounds.Sampler sampler) {
        this(splitSource, stageIds, shuffleIds, sampler, CacheStatus.NOTHING_CACHED);
    }

    /**
     * @param sampler     null for {@code explain()}: range exchanges then keep empty bounds
     * @param cacheStatus a persisted dataset whose every partition is cached needs none of the stages computing it
     */
    public StagePlanner(SplitSource splitSource, IntSupplier stageIds, IntSupplier shuffleIds,
                        RangeBounds.Sampler sampler, CacheStatus cacheStatus) {
        this.splitSource = splitSource;
        this.stageIds = stageIds;
        this.shuffleIds = shuffleIds;
        this.sampler = sampler;
        this.cacheStatus = cacheStatus;
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
            return then(operator, step, List.of());
        }

        Pipeline then(PartitionOperator operator, String step, List<Integer> moreParents) {
            List<PartitionOperator> ops = new ArrayList<>(operators);
            ops.add(operator);
            List<String> allSteps = new ArrayList<>(steps);
            allSteps.add(step);
            List<Integer> allParents = new ArrayList<>(parents);
            allParents.addAll(moreParents);
            return new Pipeline(input, ops, allSteps, allParents);
        }

        /** This pipeline as the input of a bigger one (a side of a union, or what a coalesce merges). */
        StageInput closed(Schema schema) {
            return operators.isEmpty() ? input : new StageInput.Piped(input, operators, schema);
        }
    }

    /** One split per file, for formats a task must read whole (Parquet). */
    private static List<FileSplit> wholeFiles(List<FileSplit> splits) {
        Map<String, FileSplit> files = new LinkedHashMap<>();
        for (FileSplit split : splits) {
            files.putIfAbsent(split.path(), new FileSplit(split.path(), 0, split.fileSize(), split.fileSize()));
        }
        return List.copyOf(files.values());
    }

    private Pipeline pipeline(PhysicalNode node, List<Stage> stages) {
        if (node instanceof PhysicalNode.FileScan scan) {
            FileRelation relation = scan.relation();
            List<FileSplit> splits = splitSource.splits(relation.path());
            if (!relation.format().splittable()) splits = wholeFiles(splits);
            return new Pipeline(new StageInput.Scan(relation.path(), splits, relation.format(),
                    relation.dataSchema(), relation.partitionSchema(), relation.columns(), relation.pushedFilters()),
                    List.of(), List.of(scan.describe()), List.of());
        } else if (node instanceof PhysicalNode.RangeScan range) {
            return new Pipeline(new StageInput.Range(range.range()), List.of(), List.of(range.describe()), List.of());
        } else if (node instanceof PhysicalNode.FilterExec filter) {
            return pipeline(filter.child(), stages)
                    .then(new PartitionOperator.Filter(filter.condition()), filter.describe());
        } else if (node instanceof PhysicalNode.ProjectExec project) {
            return pipeline(project.child(), stages)
                    .then(new PartitionOperator.Project(project.expressions()), project.describe());
        } else if (node instanceof PhysicalNode.LocalLimit limit) {
            return pipeline(limit.child(), stages)
                    .then(new PartitionOperator.Limit(limit.count()), limit.describe());
        } else if (node instanceof PhysicalNode.SortExec sort) {
            return pipeline(sort.child(), stages).then(new PartitionOperator.Sort(sort.keys()), sort.describe());
        } else if (node instanceof PhysicalNode.MapPartitionsExec user) {
            return pipeline(user.child(), stages).then(new PartitionOperator.UserFunction(user.transformation(),
                    user.function(), user.schema()), user.describe());
        } else if (node instanceof PhysicalNode.BernoulliSampleExec sample) {
            return pipeline(sample.child(), stages)
                    .then(new PartitionOperator.BernoulliSample(sample.fraction(), sample.seed()), sample.describe());
        } else if (node instanceof PhysicalNode.SampleExec sample) {
            return pipeline(sample.child(), stages)
                    .then(new PartitionOperator.Sample(sample.size()), sample.describe());
        } else if (node instanceof PhysicalNode.HashAggregate aggregate) {
            return pipeline(aggregate.child(), stages).then(
                    aggregate.partial()
                            ? new PartitionOperator.PartialAggregate(aggregate.keys(), aggregate.aggregates())
                            : new PartitionOperator.FinalAggregate(aggregate.keys().size(), aggregate.aggregates()),
                    aggregate.describe());
        } else if (node instanceof PhysicalNode.UnionExec union) {
            Pipeline left = pipeline(union.left(), stages);
            Pipeline right = pipeline(union.right(), stages);
            List<Integer> parents = new ArrayList<>(left.parents);
            parents.addAll(right.parents);
            String step = "Union [" + String.join(" -> ", left.steps) + "] + [" + String.join(" -> ", right.steps) + "]";
            return new Pipeline(new StageInput.Union(List.of(left.closed(union.left().schema()),
                    right.closed(union.right().schema()))), List.of(), List.of(step), parents);
        } else if (node instanceof PhysicalNode.CoalesceExec coalesce) {
            Pipeline inner = pipeline(coalesce.child(), stages);
            List<String> steps = new ArrayList<>(inner.steps);
            steps.add(coalesce.describe());
            return new Pipeline(new StageInput.Coalesced(inner.closed(coalesce.child().schema()),
                    coalesce.partitions()), List.of(), steps, inner.parents);
        } else if (node instanceof PhysicalNode.HashJoinExec join) {
            return planJoin(join, stages);
        } else if (node instanceof PhysicalNode.InMemoryScan scan) {
            return planCached(scan, stages);
        } else if (node instanceof PhysicalNode.Exchange exchange) {
            StageInput.Shuffle shuffle = mapStage(exchange, stages);
            return new Pipeline(shuffle, List.of(), List.of("ShuffleRead " + shuffle.shuffleId()),
                    List.of(shuffle.mapStageId()));
        } else {
            throw new IllegalStateException("unexpected " + node);
        }
    }

    /**
     * A persisted dataset is narrow: each task reads its partition from the cache or computes it through the
     * dataset's own pipeline, which is inlined here. When that pipeline reads shuffles and every partition is
     * already cached, its stages are left out of the job (Spark's "skipped" stages).
     */
    private Pipeline planCached(PhysicalNode.InMemoryScan scan, List<Stage> stages) {
        List<Stage> lineageStages = new ArrayList<>();
        Pipeline lineage = pipeline(scan.cached(), lineageStages);
        StageInput computed = lineage.closed(scan.schema());
        int partitions = computed.partitions();
        boolean skipLineage = !lineage.parents.isEmpty() && cacheStatus.allCached(scan.datasetId(), partitions);
        List<String> steps = new ArrayList<>();
        if (skipLineage) {
            steps.add(scan.describe() + " (all " + partitions + " partitions cached)");
            return new Pipeline(new StageInput.Cached(scan.datasetId(), scan.level(), scan.schema(), null, partitions),
                    List.of(), steps, List.of());
        }
        stages.addAll(lineageStages);
        steps.addAll(lineage.steps);
        steps.add(scan.describe());
        return new Pipeline(new StageInput.Cached(scan.datasetId(), scan.level(), scan.schema(), computed, partitions),
                List.of(), steps, lineage.parents);
    }

    /**
     * The streamed side continues this pipeline; the build side is a map stage of its own, read by each task
     * through the join operator: all of partition 0 when broadcast, the task's own partition when shuffled.
     */
    private Pipeline planJoin(PhysicalNode.HashJoinExec join, List<Stage> stages) {
        PhysicalNode streamed = join.buildLeft() ? join.right() : join.left();
        PhysicalNode.Exchange build = (PhysicalNode.Exchange) (join.buildLeft() ? join.left() : join.right());
        Pipeline pipeline = pipeline(streamed, stages);
        StageInput.Shuffle buildShuffle = mapStage(build, stages);
        int reducePartition = join.broadcast() ? 0 : Stage.TASK_PARTITION;
        PartitionSource buildRead = new PartitionSource.ShuffleRead(buildShuffle.shuffleId(), reducePartition,
                buildShuffle.schema(), List.of());
        PartitionOperator operator = new PartitionOperator.HashJoin(join.type(), join.buildLeft(), join.leftKeys(),
                join.rightKeys(), join.residual(), join.left().schema().size(), join.right().schema().size(),
                join.mergeKeys(), buildRead);
        return pipeline.then(operator, join.describe() + " (build side: shuffle " + buildShuffle.shuffleId() + ")",
                List.of(buildShuffle.mapStageId()));
    }

    /** Adds the map stage writing the exchange's shuffle; returns how the next stage reads it. */
    private StageInput.Shuffle mapStage(PhysicalNode.Exchange exchange, List<Stage> stages) {
        Partitioning partitioning = exchange.partitioning();
        if (sampler != null && partitioning instanceof Partitioning.Range range && range.bounds().isEmpty()) {
            partitioning = new Partitioning.Range(range.keys(), RangeBounds.choose(
                    sampler.collect(RangeBounds.samplingPlan(exchange.child(), range.keys())), range.keys(),
                    exchange.partitions()));
            exchange = new PhysicalNode.Exchange(partitioning, exchange.partitions(), exchange.child());
        }
        Pipeline map = pipeline(exchange.child(), stages);
        int shuffleId = shuffleIds.getAsInt();
        Schema schema = exchange.child().schema();
        List<String> steps = new ArrayList<>(map.steps);
        steps.add("ShuffleWrite " + shuffleId + " (" + exchange.describe() + ")");
        Stage mapStage = new Stage(stageIds.getAsInt(), true, map.input, map.operators, steps,
                new PartitionSink.ShuffleWrite(shuffleId, exchange.partitions(), partitioning, schema), map.parents,
                shuffleId, schema);
        stages.add(mapStage);
        return new StageInput.Shuffle(shuffleId, mapStage.id(), exchange.partitions(), schema);
    }
}
