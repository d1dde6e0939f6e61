package dev.glasshouse.core.exec;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;

/** Where a task's rows come from. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionSource.FileScan.class, name = "file"),
    @JsonSubTypes.Type(value = PartitionSource.ShuffleRead.class, name = "shuffle"),
    @JsonSubTypes.Type(value = PartitionSource.Concat.class, name = "concat"),
    @JsonSubTypes.Type(value = PartitionSource.Piped.class, name = "piped"),
    @JsonSubTypes.Type(value = PartitionSource.Cached.class, name = "cached"),
    @JsonSubTypes.Type(value = PartitionSource.Range.class, name = "range"),
})
public sealed interface PartitionSource {

    /** The schema of the rows this source produces. */
    Schema outputSchema();

    /**
     * Rows read from one file split in S3, in any {@link FileFormat}.
     *
     * @param dataSchema      the columns stored in the file
     * @param partitionSchema columns whose values come from the split's {@code name=value} directories
     * @param columns         indexes into the data columns followed by the partition columns, in output order
     *                        (column pruning)
     * @param pushedFilters   conditions a row must all meet to leave the source, bound to positions of the data
     *                        columns followed by the partition columns; the columns they read are read even when
     *                        not output
     */
    record FileScan(FileSplit split, FileFormat format, Schema dataSchema, Schema partitionSchema, int[] columns,
                    List<Expression> pushedFilters) implements PartitionSource {
        public FileScan {
            pushedFilters = List.copyOf(pushedFilters);
        }

        /** A scan that outputs every row it reads. */
        public FileScan(FileSplit split, FileFormat format, Schema dataSchema, Schema partitionSchema, int[] columns) {
            this(split, format, dataSchema, partitionSchema, columns, List.of());
        }

        @Override
        public Schema outputSchema() {
            List<Field> full = new ArrayList<>(dataSchema.fields());
            full.addAll(partitionSchema.fields());
            return new Schema(java.util.Arrays.stream(columns).mapToObj(full::get).toList());
        }
    }

    /** One reduce partition of a shuffle: the blocks every map task wrote for it, fetched from their executors. */
    record ShuffleRead(int shuffleId, int reducePartition, Schema schema, List<MapOutputLocation> blocks)
            implements PartitionSource {
        public ShuffleRead {
            blocks = List.copyOf(blocks);
        }

        @Override
        public Schema outputSchema() {
            return schema;
        }
    }

    /**
     * The rows of several sources one after another, each opened only when the previous one is drained: the input
     * of a {@code coalesce} task, or of a task of a union.
     */
    record Concat(List<PartitionSource> parts) implements PartitionSource {
        public Concat {
            parts = List.copyOf(parts);
        }

        @Override
        public Schema outputSchema() {
            return parts.get(0).outputSchema();
        }
    }

    /**
     * Another source's rows run through narrow operators first: lets one task run different pipelines over the
     * parts it concatenates (each side of a union has its own filters and projections).
     */
    record Piped(PartitionSource source, List<PartitionOperator> operators, Schema schema)
            implements PartitionSource {
        public Piped {
            operators = List.copyOf(operators);
        }

        @Override
        public Schema outputSchema() {
            return schema;
        }
    }

    /**
     * One partition of a persisted dataset: read from this executor's cache when it holds the partition;
     * otherwise computed from {@code lineage} and cached on the way (at {@code level}), so the next job finds it.
     *
     * @param lineage how to compute the partition; null when the driver skipped the stages it needs because every
     *                partition was cached (a missing partition is then a
     *                {@link dev.glasshouse.core.cache.CacheMissException})
     */
    record Cached(CacheBlockId block, StorageLevel level, Schema schema, PartitionSource lineage)
            implements PartitionSource {
        @Override
        public Schema outputSchema() {
            return schema;
        }
    }

    /** The numbers {@code first, first + step, ...}, {@code count} of them, as rows of one long: a slice of a range. */
    record Range(long first, long count, long step) implements PartitionSource {
        @Override
        public Schema outputSchema() {
            return Schema.of(new Field("id", dev.glasshouse.core.types.DataType.LONG));
        }
    }
}
