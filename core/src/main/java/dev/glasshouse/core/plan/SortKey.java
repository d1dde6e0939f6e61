package dev.glasshouse.core.plan;

import dev.glasshouse.core.expr.Expression;

/**
 * One key of a sort: an expression bound to the input row, its direction, and where nulls go. Spark's defaults
 * are nulls first for ascending and nulls last for descending.
 */
public record SortKey(Expression expression, boolean ascending, boolean nullsFirst) {

    public static SortKey ascending(Expression expression) {
        return new SortKey(expression, true, true);
    }

    public static SortKey descending(Expression expression) {
        return new SortKey(expression, false, false);
    }

    @Override
    public String toString() {
        return expression + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
