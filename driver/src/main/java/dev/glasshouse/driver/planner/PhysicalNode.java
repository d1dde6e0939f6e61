package dev.glasshouse.driver.planner;

import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.exec.Partitioning;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node of the physical plan: how to compute, with the shuffle made explicit as {@link Exchange}. Every
 * expression is bound to its child's output schema.
 */
public sealed interface PhysicalNode {

    Schema schema();

    List<PhysicalNode> children();

    String describe();

    default String treeString() {
        StringBuilder out = new StringBuilder();
        append(this, "", true, out);
        return out.toString();
    }

    private static void append(PhysicalNode node, String indent, boolean root, StringBuilder out) {
        out.append(root ? "" : indent + "+- ").append(node.describe()).append('\n');
        for (PhysicalNode child : node.children()) append(child, root ? "" : indent + "   ", false, out);
    }

    /** Reads file splits from S3: the leaf of a stage, one task per split. */
    record FileScan(FileRelation relation) implements PhysicalNode {
        @Override
        public Schema schema() {
            return relation.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return relation.format().scanName() + " " + relation.path() + " " + relation.schema()
                    + (relation.partitionSchema().size() == 0 ? ""
                    : " partitioned by " + relation.partitionSchema().names())
                    + relation.pushedFiltersText();
        }
    }

    /** Computes a range's numbers: a leaf of a stage, one task per slice. */
    record RangeScan(dev.glasshouse.core.plan.Range range) implements PhysicalNode {
        @Override
        public Schema schema() {
            return range.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of();
        }

        @Override
        public String describe() {
            return range.describe();
        }
    }

    record FilterExec(Expression condition, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Filter " + condition;
        }
    }

    record ProjectExec(List<Expression> expressions, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return new Schema(expressions.stream().map(e -> new Field(e.outputName(), e.dataType())).toList());
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Project " + expressions.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /**
     * Partial aggregation (map side): output is the keys followed by each aggregate's state columns. Final
     * aggregation (reduce side): input is the partial output, keys first; output is keys then results.
     */
    record HashAggregate(boolean partial, List<Expression> keys, List<AggregateCall> aggregates, PhysicalNode child)
            implements PhysicalNode {
        @Override
        public Schema schema() {
            List<Field> fields = new ArrayList<>();
            for (Expression key : keys) fields.add(new Field(key.outputName(), key.dataType()));
            for (AggregateCall call : aggregates) {
                if (partial) {
                    List<DataType> states = call.stateTypes();
                    for (int i = 0; i < states.size(); i++) fields.add(new Field(call.name() + "#state" + i, states.get(i)));
                } else {
                    fields.add(new Field(call.name(), call.resultType()));
                }
            }
            return new Schema(fields);
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "HashAggregate(" + (partial ? "partial" : "final") + ", keys="
                    + keys.stream().map(Expression::outputName).collect(Collectors.joining(", ", "[", "]"))
                    + ", functions=" + aggregates.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"))
                    + ")";
        }
    }

    /**
     * The shuffle: rows are partitioned into {@code partitions} by {@code partitioning}, whose key columns are
     * positions in the child's rows. A range partitioning without bounds gets them from a sampling job when the
     * job is planned for a run.
     */
    record Exchange(Partitioning partitioning, int partitions, PhysicalNode child) implements PhysicalNode {
        /** Hash partitioning on the first {@code keyCount} columns; no keys means a single partition. */
        public static Exchange hashOnLeadingColumns(int keyCount, int partitions, PhysicalNode child) {
            int[] keys = new int[keyCount];
            for (int i = 0; i < keyCount; i++) keys[i] = i;
            return new Exchange(new Partitioning.Hash(keys), partitions, child);
        }

        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            List<String> names = child.schema().names();
            if (partitioning instanceof Partitioning.Hash hash) {
                if (hash.keyColumns().length == 0) return "Exchange single partition";
                String keys = Arrays.stream(hash.keyColumns()).mapToObj(names::get).toList().toString();
                return "Exchange hashpartitioning(" + keys + ", " + partitions + ")";
            } else if (partitioning instanceof Partitioning.Range range) {
                String bounds = range.bounds().isEmpty() ? "bounds sampled when the job runs"
                        : range.bounds().size() + " sampled bounds";
                return "Exchange rangepartitioning(" + range.keys().stream().map(Object::toString)
                        .collect(Collectors.joining(", ")) + ", " + partitions + ", " + bounds + ")";
            } else {
                return "Exchange roundrobinpartitioning(" + partitions + ")";
            }
        }
    }

    /**
     * At most {@code count} rows of the child's partition. Below the single-partition exchange of a limit it is
     * the local limit; above it, the global one.
     */
    record LocalLimit(int count, boolean global, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return (global ? "GlobalLimit " : "LocalLimit ") + count;
        }
    }

    /** Sorts each partition by the keys (after a range exchange, the partitions are in order too). */
    record SortExec(List<SortKey> keys, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Sort " + keys.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }

    /** A random sample of at most {@code size} rows per partition: the sampling job of a range exchange. */
    record SampleExec(int size, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Sample " + size + " rows per partition";
        }
    }

    /** User code over each partition (map, flatMap, filter, mapPartitions, foreach); see {@code MapPartitions}. */
    record MapPartitionsExec(String transformation, byte[] function, Schema schema, PhysicalNode child)
            implements PhysicalNode {
        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "MapPartitions " + transformation + " (user code) -> " + schema;
        }
    }

    /** Each row kept with probability {@code fraction}, seeded per partition: {@code df.sample}. */
    record BernoulliSampleExec(double fraction, long seed, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Sample fraction=" + fraction + ", seed=" + seed;
        }
    }

    /** The partitions of both children, left ones first: no shuffle. */
    record UnionExec(PhysicalNode left, PhysicalNode right) implements PhysicalNode {
        @Override
        public Schema schema() {
            return left.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(left, right);
        }

        @Override
        public String describe() {
            return "Union";
        }
    }

    /** Fewer partitions by reading several neighbouring input partitions in one task: no shuffle. */
    record CoalesceExec(int partitions, PhysicalNode child) implements PhysicalNode {
        @Override
        public Schema schema() {
            return child.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(child);
        }

        @Override
        public String describe() {
            return "Coalesce " + partitions;
        }
    }

    /**
     * A hash join. Broadcast: the build child is a single-partition exchange that every task of the streamed
     * side reads whole. Shuffled: both children are hash exchanges on the keys with the same partition count, and
     * each task joins the same partition of both.
     *
     * @param buildLeft true when the left child is the build side (only for a broadcast left side)
     * @param residual  extra condition on matched pairs (left then right columns), or null
     * @param mergeKeys a join on using-columns: keys once, first
     */
    record HashJoinExec(boolean broadcast, JoinType type, boolean buildLeft, int[] leftKeys, int[] rightKeys,
                        Expression residual, boolean mergeKeys, Schema schema, PhysicalNode left,
                        PhysicalNode right) implements PhysicalNode {
        @Override
        public List<PhysicalNode> children() {
            return List.of(left, right);
        }

        @Override
        public String describe() {
            List<String> l = left.schema().names();
            List<String> r = right.schema().names();
            String keys = Arrays.stream(leftKeys).mapToObj(l::get).toList() + " = "
                    + Arrays.stream(rightKeys).mapToObj(r::get).toList();
            return (broadcast ? "BroadcastHashJoin " : "ShuffledHashJoin ") + type.sqlName() + ", " + keys
                    + (residual == null ? "" : ", condition " + residual)
                    + ", build " + (buildLeft ? "left" : "right");
        }
    }

    /**
     * The partitions of a persisted dataset: read from the executors' caches, computed by {@code cached} (its own
     * plan) where missing. Narrow: it adds no stage of its own.
     */
    record InMemoryScan(int datasetId, StorageLevel level, PhysicalNode cached) implements PhysicalNode {
        @Override
        public Schema schema() {
            return cached.schema();
        }

        @Override
        public List<PhysicalNode> children() {
            return List.of(cached);
        }

        @Override
        public String describe() {
            return "InMemoryTableScan [dataset " + datasetId + ", " + level + "] " + schema();
        }
    }
}
