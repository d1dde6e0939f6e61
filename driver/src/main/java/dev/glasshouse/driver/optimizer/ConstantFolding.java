package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.row.Row;

/**
 * Evaluates every expression that reads no column once, on the driver, and puts its value in its place as a
 * {@link Literal}: {@code amount > 10 * 5} becomes {@code amount > 50}, {@code lit("2024-01-01")} compared with a date
 * becomes a date literal. A filter whose condition folds to true is removed. Output column names do not change: a
 * folded projection keeps its old name through an alias.
 *
 * <p>Folds the expressions of filters, projections and aggregations (keys and aggregate arguments); the other
 * operators keep theirs as written. An expression whose evaluation throws is left alone, so the error surfaces where
 * it would have without the rule.
 */
final class ConstantFolding implements Rule {
    private static final Row NO_COLUMNS = new Row();

    @Override
    public String name() {
        return "ConstantFolding";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        LogicalPlan node = plan.withChildren(plan.children().stream().map(this::apply).toList());
        if (node instanceof Filter filter) {
            Expression condition = fold(filter.condition());
            if (condition instanceof Literal l && Boolean.TRUE.equals(l.value())) return filter.child();
            return new Filter(condition, filter.child());
        } else if (node instanceof Project project) {
            return new Project(project.expressions().stream().map(ConstantFolding::foldKeepingName).toList(),
                    project.child());
        } else if (node instanceof Aggregate aggregate) {
            return new Aggregate(aggregate.groupings().stream().map(ConstantFolding::foldKeepingName).toList(),
                    aggregate.aggregates().stream().map(ConstantFolding::fold).toList(), aggregate.child());
        }
        return node;
    }

    private static AggregateCall fold(AggregateCall call) {
        return call.argument() == null ? call : call.withArgument(fold(call.argument()));
    }

    private static Expression foldKeepingName(Expression expression) {
        Expression folded = fold(expression);
        String name = expression.outputName();
        return folded.outputName().equals(name) ? folded : new Alias(folded, name);
    }

    /** The expression with every constant subtree replaced by its value; an alias keeps its name. */
    static Expression fold(Expression expression) {
        if (expression instanceof Literal || expression instanceof Alias || !isConstant(expression)) {
            return expression.withChildren(expression.children().stream().map(ConstantFolding::fold).toList());
        }
        try {
            return new Literal(expression.eval(NO_COLUMNS), expression.dataType());
        } catch (RuntimeException failsWhenEvaluated) {
            return expression;
        }
    }

    private static boolean isConstant(Expression expression) {
        if (expression instanceof ColumnRef || expression instanceof BoundColumn) return false;
        return expression.children().stream().allMatch(ConstantFolding::isConstant);
    }
}
