package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Moves filters towards the scans, so fewer rows are projected, shuffled and joined:
 * <ul>
 *   <li>below a projection that only selects columns (a computed or renamed column stays above);</li>
 *   <li>below a join, each conjunct to the side whose columns it reads — but never below the side an outer join
 *   pads with nulls (filtering there would turn removed rows into null-padded ones). Joins on using-columns keep
 *   their filters: the merged key belongs to neither side.</li>
 * </ul>
 * Conditions refer to columns by name; the optimizer re-binds positions afterwards.
 */
final class PushDownFilters implements Rule {
    @Override
    public String name() {
        return "PushDownFilters";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        LogicalPlan node = plan;
        if (node instanceof Filter filter && filter.child() instanceof Project project && selectsOnly(project)) {
            node = new Project(project.expressions(), new Filter(filter.condition(), project.child()));
        } else if (node instanceof Filter filter && filter.child() instanceof Join join
                && join.usingColumns().isEmpty()) {
            node = intoJoin(filter, join);
        }
        return node.withChildren(node.children().stream().map(this::apply).toList());
    }

    private static boolean selectsOnly(Project project) {
        return project.expressions().stream().allMatch(e -> e instanceof BoundColumn);
    }

    private static LogicalPlan intoJoin(Filter filter, Join join) {
        Set<String> leftNames = new HashSet<>(join.left().schema().names());
        Set<String> rightNames = new HashSet<>(join.right().schema().names());
        JoinType type = join.type();
        boolean leftMayFilter = !type.keepsUnmatchedRight();
        boolean rightMayFilter = !type.keepsUnmatchedLeft() && !type.leftOnly();
        Expression toLeft = null;
        Expression toRight = null;
        Expression stays = null;
        for (Expression conjunct : conjuncts(filter.condition())) {
            Set<String> names = new HashSet<>();
            collect(conjunct, names);
            if (leftMayFilter && leftNames.containsAll(names) && disjoint(names, rightNames)) {
                toLeft = and(toLeft, conjunct);
            } else if (rightMayFilter && rightNames.containsAll(names) && disjoint(names, leftNames)) {
                toRight = and(toRight, conjunct);
            } else {
                stays = and(stays, conjunct);
            }
        }
        if (toLeft == null && toRight == null) return filter;
        LogicalPlan left = toLeft == null ? join.left() : new Filter(toLeft, join.left());
        LogicalPlan right = toRight == null ? join.right() : new Filter(toRight, join.right());
        Join pushed = new Join(left, right, type, join.condition(), join.usingColumns());
        return stays == null ? pushed : new Filter(stays, pushed);
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        for (String name : a) {
            if (b.contains(name)) return false;
        }
        return true;
    }

    private static Expression and(Expression a, Expression b) {
        return a == null ? b : new And(a, b);
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

    private static void collect(Expression expression, Set<String> names) {
        if (expression instanceof BoundColumn bound) names.add(bound.name());
        expression.children().forEach(child -> collect(child, names));
    }
}
