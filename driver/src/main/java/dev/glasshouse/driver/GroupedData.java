package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
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
        if (first.isDistinctAggregate() || Arrays.stream(rest).anyMatch(Column::isDistinctAggregate)) {
            if (rest.length > 0) {
                throw new AnalysisException("countDistinct must be the only aggregate of its agg(...): compute the"
                        + " other aggregates in a second groupBy and join the results on the keys");
            }
            return countDistinct(first.aggregate());
        }
        List<AggregateCall> calls = new java.util.ArrayList<>();
        calls.add(first.aggregate());
        Arrays.stream(rest).map(Column::aggregate).forEach(calls::add);
        return aggregate(calls);
    }

    /**
     * Two aggregations: the distinct (keys, value) pairs first, then a count of non-null values per key. Each
     * phase is an ordinary shuffled aggregation, so no task holds a set of distinct values per group.
     */
    private DataFrame countDistinct(AggregateCall call) {
        String valueName = "distinct(" + call.argument().outputName() + ")";
        List<Expression> pairKeys = new ArrayList<>(keys);
        pairKeys.add(new Alias(call.argument(), valueName));
        Aggregate pairs = new Aggregate(pairKeys, List.of(), input.parsedPlan());
        List<Expression> outerKeys = keys.stream().map(k -> (Expression) new ColumnRef(k.outputName())).toList();
        return input.derive(new Aggregate(outerKeys,
                List.of(new AggregateCall(AggregateFunction.COUNT, new ColumnRef(valueName), call.name())), pairs));
    }

    private DataFrame aggregate(List<AggregateCall> calls) {
        return input.derive(new Aggregate(keys, calls, input.parsedPlan()));
    }
}
