package dev.glasshouse.driver.planner;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the first operator of a stage gets its rows: input splits in S3, a parent stage's shuffle, or a
 * combination of those (the sides of a union, coalesced partitions). Lives on the driver only; {@link #source}
 * turns it into the task's {@link PartitionSource} for one partition.
 */
public sealed interface StageInput {

    /** Tasks of the stage: one per split, or one per reduce partition. */
    int partitions();

    /**
     * @param mapOutputs the map output locations of every shuffle the stage reads, by shuffle id
     */
    PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs);

    /** What the stage reads, for {@code explain()}. */
    String describe();

    /** The cached partitions task {@code partition} reads: the scheduler runs it where they are. */
    default List<CacheBlockId> cacheBlocks(int partition) {
        return List.of();
    }

    /** @param pushedFilters conditions each task's scan applies while reading, as in {@code FileScan} */
    record Scan(String path, List<FileSplit> splits, FileFormat format, Schema dataSchema, Schema partitionSchema,
                int[] columns, List<Expression> pushedFilters) implements StageInput {
        @Override
        public int partitions() {
            return splits.size();
        }

        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            return new PartitionSource.FileScan(splits.get(partition), format, dataSchema, partitionSchema, columns,
                    pushedFilters);
        }

        @Override
        public String describe() {
            return splits.size() + " input split(s) of " + path;
        }
    }

    /** The slices of a range, one per task. */
    record Range(dev.glasshouse.core.plan.Range range) implements StageInput {
        @Override
        public int partitions() {
            return range.partitions();
        }

        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            long first = range.firstIndex(partition);
            return new PartitionSource.Range(range.valueAt(first), range.firstIndex(partition + 1) - first,
                    range.step());
        }

        @Override
        public String describe() {
            return range.partitions() + " slice(s) of a range of " + range.count() + " number(s)";
        }
    }

    record Shuffle(int shuffleId, int mapStageId, int partitions, Schema schema) implements StageInput {
        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            return new PartitionSource.ShuffleRead(shuffleId, partition, schema,
                    mapOutputs.getOrDefault(shuffleId, List.of()));
        }

        @Override
        public String describe() {
            return "shuffle " + shuffleId + " written by stage " + mapStageId;
        }
    }

    /**
     * The partitions of a persisted dataset: each task reads its partition from the executor's cache, or computes
     * it from {@code lineage} and caches it.
     *
     * @param lineage how to compute a partition; null when every partition was cached at planning time and the
     *                stages computing them were skipped
     */
    record Cached(int datasetId, StorageLevel level, Schema schema, StageInput lineage, int partitions)
            implements StageInput {
        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            return new PartitionSource.Cached(new CacheBlockId(datasetId, partition), level, schema,
                    lineage == null ? null : lineage.source(partition, mapOutputs));
        }

        @Override
        public List<CacheBlockId> cacheBlocks(int partition) {
            return List.of(new CacheBlockId(datasetId, partition));
        }

        @Override
        public String describe() {
            return lineage == null
                    ? "cached dataset " + datasetId + " (all " + partitions + " partitions cached: the stages computing it are skipped)"
                    : "cached dataset " + datasetId + " (partitions not cached are computed from " + lineage.describe() + ")";
        }
    }

    /** Another input run through narrow operators first (one side of a union, or what a coalesce merges). */
    record Piped(StageInput input, List<PartitionOperator> operators, Schema schema) implements StageInput {
        @Override
        public int partitions() {
            return input.partitions();
        }

        @Override
        public List<CacheBlockId> cacheBlocks(int partition) {
            return input.cacheBlocks(partition);
        }

        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            return new PartitionSource.Piped(input.source(partition, mapOutputs),
                    Stage.forPartition(operators, partition, mapOutputs), schema);
        }

        @Override
        public String describe() {
            return input.describe();
        }
    }

    /** The partitions of each part one after another: task i of the union is partition i of the concatenation. */
    record Union(List<StageInput> parts) implements StageInput {
        @Override
        public int partitions() {
            return parts.stream().mapToInt(StageInput::partitions).sum();
        }

        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            int rest = partition;
            for (StageInput part : parts) {
                if (rest < part.partitions()) return part.source(rest, mapOutputs);
                rest -= part.partitions();
            }
            throw new IndexOutOfBoundsException("partition " + partition + " of a union of " + partitions());
        }

        @Override
        public List<CacheBlockId> cacheBlocks(int partition) {
            int rest = partition;
            for (StageInput part : parts) {
                if (rest < part.partitions()) return part.cacheBlocks(rest);
                rest -= part.partitions();
            }
            return List.of();
        }

        @Override
        public String describe() {
            List<String> each = parts.stream().map(StageInput::describe).toList();
            return "the union of " + String.join(" and ", each);
        }
    }

    /** Task i reads input partitions [i*n/p, (i+1)*n/p), neighbours merged without a shuffle. */
    record Coalesced(StageInput input, int partitions) implements StageInput {
        public Coalesced {
            partitions = Math.max(1, Math.min(partitions, input.partitions()));
        }

        @Override
        public PartitionSource source(int partition, Map<Integer, List<MapOutputLocation>> mapOutputs) {
            int n = input.partitions();
            List<PartitionSource> parts = new ArrayList<>();
            for (int p = partition * n / partitions; p < (partition + 1) * n / partitions; p++) {
                parts.add(input.source(p, mapOutputs));
            }
            return parts.size() == 1 ? parts.get(0) : new PartitionSource.Concat(parts);
        }

        @Override
        public List<CacheBlockId> cacheBlocks(int partition) {
            int n = input.partitions();
            List<CacheBlockId> blocks = new ArrayList<>();
            for (int p = partition * n / partitions; p < (partition + 1) * n / partitions; p++) {
                blocks.addAll(input.cacheBlocks(p));
            }
            return blocks;
        }

        @Override
        public String describe() {
            return input.describe() + ", coalesced into " + partitions + " partition(s)";
        }
    }
}
