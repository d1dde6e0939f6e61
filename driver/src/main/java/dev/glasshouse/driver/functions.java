package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.CaseWhen;
import dev.glasshouse.core.expr.Coalesce;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Concat;
import dev.glasshouse.core.expr.DatePart;
import dev.glasshouse.core.expr.DateTrunc;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.StringFunction;
import dev.glasshouse.core.expr.Substring;
import dev.glasshouse.core.expr.ToDate;
import java.util.Arrays;
import java.util.List;

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

    /** {@code CASE WHEN condition THEN value ...}: chain more with {@link Column#when}, end with {@link Column#otherwise}. */
    public static Column when(Column condition, Object value) {
        return new Column(new CaseWhen(List.of(condition.expression()), List.of(lift(value)), null));
    }

    /** The first non-null argument. */
    public static Column coalesce(Column... columns) {
        return new Column(new Coalesce(expressions(columns)));
    }

    public static Column upper(Column column) {
        return stringFunction(StringFunction.Op.UPPER, column);
    }

    public static Column lower(Column column) {
        return stringFunction(StringFunction.Op.LOWER, column);
    }

    /** Removes spaces at both ends. */
    public static Column trim(Column column) {
        return stringFunction(StringFunction.Op.TRIM, column);
    }

    /** The number of characters. */
    public static Column length(Column column) {
        return stringFunction(StringFunction.Op.LENGTH, column);
    }

    /** {@code length} characters from 1-based {@code position} (negative counts from the end), as Spark. */
    public static Column substring(Column column, int position, int length) {
        return new Column(new Substring(column.expression(), position, length));
    }

    /** The arguments joined; null if any is null. */
    public static Column concat(Column... columns) {
        return new Column(new Concat(expressions(columns)));
    }

    public static Column year(Column column) {
        return new Column(new DatePart(DatePart.Part.YEAR, column.expression()));
    }

    public static Column month(Column column) {
        return new Column(new DatePart(DatePart.Part.MONTH, column.expression()));
    }

    /** A string's date ({@code yyyy-MM-dd}); null when it is not one. */
    public static Column to_date(Column column) {
        return new Column(new ToDate(column.expression(), null));
    }

    /** A string's date read with {@code pattern} (e.g. "dd/MM/yyyy"); null when it does not match. */
    public static Column to_date(Column column, String pattern) {
        return new Column(new ToDate(column.expression(), pattern));
    }

    /** The timestamp cut to the start of its {@code unit}: year, quarter, month, week, day, hour, minute, second. */
    public static Column date_trunc(String unit, Column column) {
        return new Column(new DateTrunc(unit, column.expression()));
    }

    private static Column stringFunction(StringFunction.Op op, Column column) {
        return new Column(new StringFunction(op, column.expression()));
    }

    private static List<Expression> expressions(Column... columns) {
        return Arrays.stream(columns).map(Column::expression).toList();
    }

    private static Expression lift(Object value) {
        return value instanceof Column c ? c.expression() : Literal.of(value);
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

    /**
     * The column's value in the first row of each group, null or not. Which row is first is not defined across
     * partitions (it is the first seen), as in Spark.
     */
    public static Column first(String column) {
        return first(col(column));
    }

    public static Column first(Column column) {
        return aggregate(AggregateFunction.FIRST, column);
    }

    /** Distinct non-null values of the column, per group; only {@code groupBy(...).agg(...)} accepts it. */
    public static Column countDistinct(String column) {
        return countDistinct(col(column));
    }

    public static Column countDistinct(Column column) {
        String name = "count(DISTINCT " + column.expression().outputName() + ")";
        return Column.countDistinct(new AggregateCall(AggregateFunction.COUNT, column.expression(), name));
    }

    public static Column asc(String column) {
        return col(column).asc();
    }

    public static Column desc(String column) {
        return col(column).desc();
    }

    /** Spark names an unaliased aggregate after its call: {@code sum(amount)}. */
    private static Column aggregate(AggregateFunction function, Column argument) {
        String name = function.sqlName() + "(" + argument.expression().outputName() + ")";
        return new Column(new AggregateCall(function, argument.expression(), name));
    }
}
