package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.CsvRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads only the columns the query uses: the set of needed column names flows from the root down to the scan,
 * which then converts just those CSV fields. {@code groupBy("country").count()} parses one column of six.
 *
 * <p>The output leaves column positions stale; the optimizer re-binds the plan afterwards.
 */
final class PruneColumns implements Rule {
    @Override
    public String name() {
        return "PruneColumns";
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
        return prune(plan, null);
    }

    /** @param required names the parent reads from this node's output; null means all of them */
    private LogicalPlan prune(LogicalPlan plan, Set<String> required) {
        if (plan instanceof CsvRelation relation) {
            return required == null ? relation : narrow(relation, required);
        } else if (plan instanceof Filter filter) {
            Set<String> childRequired = required == null ? null : new HashSet<>(required);
            if (childRequired != null) collect(filter.condition(), childRequired);
            return new Filter(filter.condition(), prune(filter.child(), childRequired));
        } else if (plan instanceof Project project) {
            List<Expression> kept = required == null ? project.expressions()
                    : project.expressions().stream().filter(e -> required.contains(e.outputName())).toList();
            Set<String> childRequired = new HashSet<>();
            kept.forEach(e -> collect(e, childRequired));
            return new Project(kept, prune(project.child(), childRequired));
        } else if (plan instanceof Aggregate aggregate) {
            Set<String> childRequired = new HashSet<>();
            aggregate.groupings().forEach(e -> collect(e, childRequired));
            for (AggregateCall call : aggregate.aggregates()) {
                if (call.argument() != null) collect(call.argument(), childRequired);
            }
            return new Aggregate(aggregate.groupings(), aggregate.aggregates(),
                    prune(aggregate.child(), childRequired));
        } else if (plan instanceof Limit limit) {
            return new Limit(limit.count(), prune(limit.child(), required));
        } else {
            throw new IllegalStateException("unexpected " + plan);
        }
    }

    private static CsvRelation narrow(CsvRelation relation, Set<String> required) {
        List<Integer> kept = new ArrayList<>();
        for (int column : relation.columns()) {
            if (required.contains(relation.fileSchema().field(column).name())) kept.add(column);
        }
        return new CsvRelation(relation.path(), relation.options(), relation.fileSchema(),
                kept.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void collect(Expression expression, Set<String> names) {
        if (expression instanceof BoundColumn bound) names.add(bound.name());
        expression.children().forEach(child -> collect(child, names));
    }
}
