package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.IsNull;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.Not;
import dev.glasshouse.core.expr.Or;
import dev.glasshouse.driver.analysis.AnalysisException;

/**
 * A column expression in the DataFrame API, shaped like Spark's {@code Column}: {@code col("amount").gt(50)}.
 * It is either a scalar expression or, when made by {@link functions#sum} and friends, an aggregate that only
 * {@link GroupedData#agg} accepts. Building columns computes nothing.
 */
public final class Column {
    private final Expression expression;
    private final AggregateCall aggregate;

    Column(Expression expression) {
        this.expression = expression;
        this.aggregate = null;
    }

    Column(AggregateCall aggregate) {
        this.expression = null;
        this.aggregate = aggregate;
    }

    /** The scalar expression; an aggregate used where a row-level value is needed is an error. */
    Expression expression() {
        if (expression == null) {
            throw new AnalysisException("aggregate " + aggregate + " can only be used inside groupBy(...).agg(...)");
        }
        return expression;
    }

    AggregateCall aggregate() {
        if (aggregate == null) {
            throw new AnalysisException(expression + " is not an aggregate: use count, sum, avg, min or max inside agg(...)");
        }
        return aggregate;
    }

    private static Expression lift(Object value) {
        return value instanceof Column c ? c.expression() : Literal.of(value);
    }

    private Column compare(Comparison.Op op, Object other) {
        return new Column(new Comparison(op, expression(), lift(other)));
    }

    private Column arithmetic(Arithmetic.Op op, Object other) {
        return new Column(new Arithmetic(op, expression(), lift(other)));
    }

    public Column equalTo(Object other) {
        return compare(Comparison.Op.EQ, other);
    }

    public Column notEqual(Object other) {
        return compare(Comparison.Op.NE, other);
    }

    public Column gt(Object other) {
        return compare(Comparison.Op.GT, other);
    }

    public Column geq(Object other) {
        return compare(Comparison.Op.GE, other);
    }

    public Column lt(Object other) {
        return compare(Comparison.Op.LT, other);
    }

    public Column leq(Object other) {
        return compare(Comparison.Op.LE, other);
    }

    public Column plus(Object other) {
        return arithmetic(Arithmetic.Op.ADD, other);
    }

    public Column minus(Object other) {
        return arithmetic(Arithmetic.Op.SUBTRACT, other);
    }

    public Column multiply(Object other) {
        return arithmetic(Arithmetic.Op.MULTIPLY, other);
    }

    public Column divide(Object other) {
        return arithmetic(Arithmetic.Op.DIVIDE, other);
    }

    public Column mod(Object other) {
        return arithmetic(Arithmetic.Op.REMAINDER, other);
    }

    public Column and(Column other) {
        return new Column(new And(expression(), other.expression()));
    }

    public Column or(Column other) {
        return new Column(new Or(expression(), other.expression()));
    }

    public Column isNull() {
        return new Column(new IsNull(expression(), false));
    }

    public Column isNotNull() {
        return new Column(new IsNull(expression(), true));
    }

    Column not() {
        return new Column(new Not(expression()));
    }

    /** Names the column; on an aggregate it names the aggregate's output column. */
    public Column as(String name) {
        if (aggregate != null) return new Column(new AggregateCall(aggregate.function(), aggregate.argument(), name));
        return new Column(new Alias(expression, name));
    }

    public Column alias(String name) {
        return as(name);
    }

    @Override
    public String toString() {
        return expression != null ? expression.toString() : aggregate.toString();
    }
}
