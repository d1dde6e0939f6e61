package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
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
        List<AggregateCall> calls = new java.util.ArrayList<>();
        calls.add(first.aggregate());
        Arrays.stream(rest).map(Column::aggregate).forEach(calls::add);
        return aggregate(calls);
    }

    private DataFrame aggregate(List<AggregateCall> calls) {
        return input.derive(new Aggregate(keys, calls, input.parsedPlan()));
    }
}
