package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the conditions of a filter sitting directly on a file relation to the scan itself (Spark's
 * {@code PushedFilters}): executors then test each row as it is read, before it leaves the source, and read the
 * columns a condition needs even when the query outputs none of them. Runs after {@link PushDownFilters} has
 * moved filters as low as they go, and before {@link PruneColumns}, which keeps the relation's pushed filters.
 *
 * <p>Every conjunct of the filter is pushed and the filter disappears: the analyzer bound its columns to the
 * relation's output, so each one is a column of the files; and every expression Glasshouse has is deterministic and
 * built in (user code runs only in {@code mapPartitions}, never inside a condition), so no conjunct is held back for
 * being random or opaque. A filter above an alias, a projection that computes, or a join stays where
 * {@link PushDownFilters} left it. Pushed conditions refer to columns by name; the analyzer re-binds them to the
 * files' full column list.
 */
final class PushFiltersIntoScan implements Rule {
    @Override
    public String name() {
        return "PushFiltersIntoScan";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        LogicalPlan node = plan.withChildren(plan.children().stream().map(this::apply).toList());
        if (node instanceof Filter filter && filter.child() instanceof FileRelation relation) {
            return intoScan(filter, relation);
        }
        return node;
    }

    private static LogicalPlan intoScan(Filter filter, FileRelation relation) {
        List<Expression> pushed = new ArrayList<>(relation.pushedFilters());
        pushed.addAll(conjuncts(filter.condition()));
        return relation.withPushedFilters(pushed);
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof And and) {
            out.addAll(conjuncts(and.left()));
            out.addAll(conjuncts(and.right()));
        } else {
            out.add(e);
        }
        return out;
    }
}
