package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Literal;

/**
 * Column constructors and aggregate functions, named as in Spark's {@code org.apache.spark.sql.functions}
 * (hence the lower-case class name): {@code import static dev.glasshouse.driver.functions.*}.
 */
public final class functions {
    private functions() {
    }

    public static Column col(String name) {
        return new Column(new ColumnRef(name));
    }

    public static Column lit(Object value) {
        return new Column(Literal.of(value));
    }

    public static Column not(Column column) {
        return column.not();
    }

    /** {@code count("*")} counts rows; {@code count("col")} counts non-null values of the column. */
    public static Column count(String column) {
        return column.equals("*") ? new Column(new AggregateCall(AggregateFunction.COUNT, null, "count(1)"))
                : aggregate(AggregateFunction.COUNT, col(column));
    }

    public static Column count(Column column) {
        return aggregate(AggregateFunction.COUNT, column);
    }

    public static Column sum(String column) {
        return aggregate(AggregateFunction.SUM, col(column));
    }

    public static Column sum(Column column) {
        return aggregate(AggregateFunction.SUM, column);
    }

    public static Column avg(String column) {
        return aggregate(AggregateFunction.AVG, col(column));
    }

    public static Column avg(Column column) {
        return aggregate(AggregateFunction.AVG, column);
    }

    public static Column min(String column) {
        return aggregate(AggregateFunction.MIN, col(column));
    }

    public static Column min(Column column) {
        return aggregate(AggregateFunction.MIN, column);
    }

    public static Column max(String column) {
        return aggregate(AggregateFunction.MAX, col(column));
    }

    public static Column max(Column column) {
        return aggregate(AggregateFunction.MAX, column);
    }

    /** Spark names an unaliased aggregate after its call: {@code sum(amount)}. */
    private static Column aggregate(AggregateFunction function, Column argument) {
        String name = function.sqlName() + "(" + argument.expression().outputName() + ")";
        return new Column(new AggregateCall(function, argument.expression(), name));
    }
}
