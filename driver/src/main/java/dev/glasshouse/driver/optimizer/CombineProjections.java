package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import java.util.List;

/**
 * Two projections in a row become one: each column the outer one reads is replaced by the inner expression that
 * computes it, so {@code withColumn("a", ...).withColumn("b", ...)} evaluates in one operator. Output names do not
 * change: a substituted column keeps its name through an alias.
 *
 * <p>Runs on an analyzed plan: the outer projection's columns are positions in the inner one's output. An inner
 * expression read several times is computed several times, which is cheap for the scalar expressions there are
 * (none is random or has side effects).
 */
final class CombineProjections implements Rule {
    @Override
    public String name() {
        return "CombineProjections";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        LogicalPlan node = plan.withChildren(plan.children().stream().map(this::apply).toList());
        if (node instanceof Project outer && outer.child() instanceof Project inner) {
            List<Expression> merged = outer.expressions().stream().map(e -> keepName(e, substitute(e, inner)))
                    .toList();
            return new Project(merged, inner.child());
        }
        return node;
    }

    private static Expression substitute(Expression expression, Project inner) {
        if (expression instanceof BoundColumn bound) return unaliased(inner.expressions().get(bound.index()));
        return expression.withChildren(expression.children().stream().map(c -> substitute(c, inner)).toList());
    }

    private static Expression unaliased(Expression expression) {
        return expression instanceof Alias alias ? alias.child() : expression;
    }

    private static Expression keepName(Expression original, Expression merged) {
        String name = original.outputName();
        if (merged.outputName().equals(name)) return merged;
        return new Alias(unaliased(merged), name);
    }
}
