package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.Coalesce;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The result of {@code groupBy(...)}: choose the aggregates to compute per group. Still lazy. */
public final class GroupedData {
    private final DataFrame input;
    private final List<Expression> keys;

    GroupedData(DataFrame input, List<Expression> keys) {
        this.input = input;
        this.keys = List.copyOf(keys);
    }

    /** Rows per group, in a column named {@code count} (as Spark names it). */
    public DataFrame count() {
        return aggregate(List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")));
    }

    public DataFrame agg(Column first, Column... rest) {
        List<Column> columns = new ArrayList<>();
        columns.add(first);
        columns.addAll(Arrays.asList(rest));
        if (columns.stream().noneMatch(Column::isDistinctAggregate)) {
            return aggregate(columns.stream().map(Column::aggregate).toList());
        }
        List<Expression> distinctArguments = columns.stream().filter(Column::isDistinctAggregate)
                .map(c -> c.aggregate().argument()).distinct().toList();
        if (distinctArguments.size() > 1) {
            throw new AnalysisException("countDistinct over several different columns " + distinctArguments
                    + " in one agg(...) is not supported: compute each in its own groupBy and join the results");
        }
        return withDistinct(columns, distinctArguments.get(0));
    }

    /**
     * Aggregates that include {@code countDistinct(x)}, in two ordinary shuffled aggregations, so no task holds a
     * set of distinct values per group:
     * <ol>
     *   <li>group by the keys and x: one row per distinct (keys, x), with a partial result of every other
     *       aggregate (count, sum, min, max, first; avg as a sum and a count);</li>
     *   <li>group by the keys: {@code count(x)} counts the distinct non-null values, and the partial results merge
     *       (counts and sums add up, min of mins, max of maxes); a final projection divides avg's sum by its count
     *       and restores the requested names and order.</li>
     * </ol>
     */
    private DataFrame withDistinct(List<Column> columns, Expression distinctArgument) {
        String value = "distinct(" + distinctArgument.outputName() + ")";
        List<Expression> innerKeys = new ArrayList<>(keys);
        innerKeys.add(new Alias(distinctArgument, value));
        List<AggregateCall> inner = new ArrayList<>();
        List<AggregateCall> outer = new ArrayList<>();
        List<Expression> result = new ArrayList<>();
        for (Expression key : keys) result.add(new ColumnRef(key.outputName()));
        for (int i = 0; i < columns.size(); i++) {
            AggregateCall call = columns.get(i).aggregate();
            String part = "_part" + i;
            if (columns.get(i).isDistinctAggregate()) {
                outer.add(new AggregateCall(AggregateFunction.COUNT, new ColumnRef(value), part));
                result.add(new Alias(new ColumnRef(part), call.name()));
                continue;
            }
            switch (call.function()) {
                case COUNT -> {
                    inner.add(new AggregateCall(AggregateFunction.COUNT, call.argument(), part));
                    outer.add(new AggregateCall(AggregateFunction.SUM, new ColumnRef(part), part));
                    // A global count over no rows has no partial count to add up: it is 0, not null.
                    result.add(new Alias(new Coalesce(List.of(new ColumnRef(part), Literal.of(0L))), call.name()));
                }
                case AVG -> {
                    inner.add(new AggregateCall(AggregateFunction.SUM, call.argument(), part + "_sum"));
                    inner.add(new AggregateCall(AggregateFunction.COUNT, call.argument(), part + "_count"));
                    outer.add(new AggregateCall(AggregateFunction.SUM, new ColumnRef(part + "_sum"), part + "_sum"));
                    outer.add(new AggregateCall(AggregateFunction.SUM, new ColumnRef(part + "_count"), part + "_count"));
                    result.add(new Alias(new Arithmetic(Arithmetic.Op.DIVIDE, new ColumnRef(part + "_sum"),
                            new ColumnRef(part + "_count")), call.name()));
                }
                default -> {
                    // sum, min, max and first merge with themselves.
                    inner.add(new AggregateCall(call.function(), call.argument(), part));
                    outer.add(new AggregateCall(call.function(), new ColumnRef(part), part));
                    result.add(new Alias(new ColumnRef(part), call.name()));
                }
            }
        }
        Aggregate pairs = new Aggregate(innerKeys, inner, input.parsedPlan());
        List<Expression> outerKeys = keys.stream().map(k -> (Expression) new ColumnRef(k.outputName())).toList();
        return input.derive(new Project(result, new Aggregate(outerKeys, outer, pairs)));
    }

    private DataFrame aggregate(List<AggregateCall> calls) {
        return input.derive(new Aggregate(keys, calls, input.parsedPlan()));
    }
}
