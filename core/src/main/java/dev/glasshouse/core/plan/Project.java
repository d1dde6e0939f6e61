package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** One output column per expression ({@code select}, {@code withColumn}). Narrow. */
public record Project(List<Expression> expressions, LogicalPlan child) implements LogicalPlan {
    public Project {
        expressions = List.copyOf(expressions);
    }

    @Override
    public Schema schema() {
        return new Schema(expressions.stream().map(e -> new Field(e.outputName(), e.dataType())).toList());
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of(child);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new Project(expressions, children.get(0));
    }

    @Override
    public String describe() {
        return "Project " + expressions.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
