package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of two inputs paired where the condition holds. Output: left columns then right columns; semi and anti
 * joins output the left columns only; a join on using-columns outputs each of those columns once, first.
 *
 * @param condition     bound to the left columns followed by the right columns; for a using-join, the equality
 *                      of the using-columns (filled in by the analyzer)
 * @param usingColumns  column names both sides have, joined on equality; empty for a join on a condition
 */
public record Join(LogicalPlan left, LogicalPlan right, JoinType type, Expression condition,
                   List<String> usingColumns) implements LogicalPlan {
    public Join {
        usingColumns = List.copyOf(usingColumns);
    }

    /** Left columns then right columns: what the condition is bound to. */
    public Schema pairSchema() {
        List<Field> fields = new ArrayList<>(left.schema().fields());
        fields.addAll(right.schema().fields());
        return new Schema(fields);
    }

    @Override
    public Schema schema() {
        if (type.leftOnly()) return left.schema();
        if (usingColumns.isEmpty()) return pairSchema();
        List<Field> fields = new ArrayList<>();
        for (String name : usingColumns) fields.add(left.schema().field(left.schema().indexOf(name)));
        for (Field f : left.schema().fields()) if (!usingColumns.contains(f.name())) fields.add(f);
        for (Field f : right.schema().fields()) if (!usingColumns.contains(f.name())) fields.add(f);
        return new Schema(fields);
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(left, right);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Join(children.get(0), children.get(1), type, condition, usingColumns);
    }

    @Override
    public String describe() {
        return "Join " + type.sqlName() + (usingColumns.isEmpty() ? "" : " using " + usingColumns)
                + (condition == null ? "" : ", " + condition);
    }
}
