package dev.glasshouse.driver.optimizer;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.CachedRelation;
import dev.glasshouse.core.plan.Coalesce;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.MapPartitions;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.plan.Repartition;
import dev.glasshouse.core.plan.Sample;
import dev.glasshouse.core.plan.Sort;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.core.plan.Union;
import dev.glasshouse.core.types.Schema;
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
        if (plan instanceof FileRelation relation) {
            return required == null ? relation : narrow(relation, required);
        } else if (plan instanceof dev.glasshouse.core.plan.Range range) {
            return range; // one column, computed: nothing to prune
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
        } else if (plan instanceof Coalesce coalesce) {
            return new Coalesce(coalesce.partitions(), prune(coalesce.child(), required));
        } else if (plan instanceof SubqueryAlias alias) {
            return new SubqueryAlias(alias.alias(), prune(alias.child(), required));
        } else if (plan instanceof Sample sample) {
            return new Sample(sample.fraction(), sample.seed(), prune(sample.child(), required));
        } else if (plan instanceof MapPartitions user) {
            // User code sees whole rows: its input keeps every column.
            return user.withChildren(List.of(prune(user.child(), null)));
        } else if (plan instanceof Sort sort) {
            Set<String> childRequired = required == null ? null : new HashSet<>(required);
            if (childRequired != null) sort.keys().forEach(k -> collect(k.expression(), childRequired));
            return new Sort(sort.keys(), prune(sort.child(), childRequired));
        } else if (plan instanceof Repartition repartition) {
            Set<String> childRequired = required == null ? null : new HashSet<>(required);
            if (childRequired != null) repartition.keys().forEach(k -> collect(k, childRequired));
            return new Repartition(repartition.partitions(), repartition.keys(),
                    prune(repartition.child(), childRequired));
        } else if (plan instanceof Join join) {
            // Each side keeps the names it has among those the parent and the condition read.
            Set<String> needed = required == null ? null : new HashSet<>(required);
            if (needed != null) {
                if (join.condition() != null) collect(join.condition(), needed);
                needed.addAll(join.usingColumns());
            }
            return new Join(prune(join.left(), needed), prune(join.right(), needed), join.type(), join.condition(),
                    join.usingColumns());
        } else if (plan instanceof CachedRelation cached) {
            // Every query reads the same cached partitions, with all their columns; a Project above narrows them.
            return cached;
        } else if (plan instanceof Union union) {
            // Union matches columns by position, not name: pruning one side by name could misalign them.
            return new Union(prune(union.left(), null), prune(union.right(), null));
        } else {
            throw new IllegalStateException("unexpected " + plan);
        }
    }

    private static FileRelation narrow(FileRelation relation, Set<String> required) {
        List<Integer> kept = new ArrayList<>();
        Schema full = relation.fullSchema();
        for (int column : relation.columns()) {
            if (required.contains(full.field(column).name())) kept.add(column);
        }
        // Columns only a pushed filter reads leave the output too: the scan reads them for the filter alone.
        return relation.withColumns(kept.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void collect(Expression expression, Set<String> names) {
        if (expression instanceof BoundColumn bound) {
            names.add(bound.name());
            // A qualified column, s.country, reads the column country of the side aliased s.
            int dot = bound.name().indexOf('.');
            if (dot > 0) names.add(bound.name().substring(dot + 1));
        }
        expression.children().forEach(child -> collect(child, names));
    }
}
