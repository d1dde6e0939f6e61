package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * A node of a logical plan: what to compute, not how. Built lazily by the DataFrame API; nothing runs until an
 * action hands the plan to the driver's planner.
 *
 * <p>Invariant: {@link #schema()} is only asked of analyzed plans (every column bound).
 */
public sealed interface LogicalPlan permits FileRelation, Range, Filter, Project, Aggregate, Limit, Join, Union, Sort,
        Repartition, Coalesce, MapPartitions, Sample, SubqueryAlias, CachedRelation {

    Schema schema();

    List<LogicalPlan> children();

    LogicalPlan withChildren(List<LogicalPlan> children);

    /** One line describing this node alone, e.g. {@code Filter (amount#4 > 50)}. */
    String describe();

    /** The plan as an indented tree, the way {@code explain()} prints it. */
    default String treeString() {
        StringBuilder out = new StringBuilder();
        appendTree(this, "", true, true, out);
        return out.toString();
    }

    private static void appendTree(LogicalPlan node, String indent, boolean last, boolean root, StringBuilder out) {
        out.append(indent).append(root ? "" : "+- ").append(node.describe()).append('\n');
        List<LogicalPlan> children = node.children();
        for (int i = 0; i < children.size(); i++) {
            String childIndent = root ? "" : indent + (last ? "   " : ":  ");
            appendTree(children.get(i), childIndent, i == children.size() - 1, false, out);
        }
    }
}
