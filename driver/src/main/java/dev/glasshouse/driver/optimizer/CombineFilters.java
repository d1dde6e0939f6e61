package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;

/** Two filters in a row become one with both conditions, so each row is tested in one operator. */
final class CombineFilters implements Rule {
    @Override
    public String name() {
        return "CombineFilters";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        LogicalPlan node = plan.withChildren(plan.children().stream().map(this::apply).toList());
        if (node instanceof Filter outer && outer.child() instanceof Filter inner) {
            return new Filter(new And(inner.condition(), outer.condition()), inner.child());
        }
        return node;
    }
}
