package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.List;

/**
 * Names the child's rows, so its columns can be written qualified: after {@code df.as("s")}, {@code col("s.country")}
 * reads this side's {@code country} even when a join also has another one. Changes no data; planned as its child.
 */
public record SubqueryAlias(String alias, LogicalPlan child) implements LogicalPlan {
    @Override
    public Schema schema() {
        return child.schema();
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(child);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new SubqueryAlias(alias, children.get(0));
    }

    @Override
    public String describe() {
        return "SubqueryAlias " + alias;
    }
}
