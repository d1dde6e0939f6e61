package dev.glasshouse.driver.planner;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.CsvRelation;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
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

    /** Reads CSV splits from S3: the leaf of a stage, one task per split. */
    record CsvScan(CsvRelation relation) implements PhysicalNode {
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
            return "CsvScan " + relation.path() + " " + relation.schema();
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

    /** The shuffle: rows are hash-partitioned on the first {@code keyCount} columns into {@code partitions}. */
    record Exchange(int keyCount, int partitions, PhysicalNode child) implements PhysicalNode {
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
            String keys = child.schema().names().subList(0, keyCount).toString();
            return keyCount == 0 ? "Exchange single partition" : "Exchange hashpartitioning(" + keys + ", " + partitions + ")";
        }
    }

    /** At most {@code count} rows per partition; the driver truncates the collected result. */
    record LocalLimit(int count, PhysicalNode child) implements PhysicalNode {
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
            return "LocalLimit " + count;
        }
    }
}
