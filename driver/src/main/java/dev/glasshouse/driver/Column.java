package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.CaseWhen;
import dev.glasshouse.core.expr.Cast;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.In;
import dev.glasshouse.core.expr.IsNull;
import dev.glasshouse.core.expr.Like;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.Not;
import dev.glasshouse.core.expr.Or;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.Arrays;

/**
 * A column expression in the DataFrame API, shaped like Spark's {@code Column}: {@code col("amount").gt(50)}.
 * It is either a scalar expression or, when made by {@link functions#sum} and friends, an aggregate that only
 * {@link GroupedData#agg} accepts. Building columns computes nothing.
 */
public final class Column {
    private final Expression expression;
    private final AggregateCall aggregate;
    /** Set on the column of {@link functions#countDistinct}: the aggregate counts distinct values. */
    private final boolean distinct;
    /** Set by {@link #asc()}, {@link #desc()} and friends: only {@code orderBy} accepts such a column. */
    private final SortKey sortKey;

    Column(Expression expression) {
        this(expression, null, false, null);
    }

    Column(AggregateCall aggregate) {
        this(null, aggregate, false, null);
    }

    private Column(Expression expression, AggregateCall aggregate, boolean distinct, SortKey sortKey) {
        this.expression = expression;
        this.aggregate = aggregate;
        this.distinct = distinct;
        this.sortKey = sortKey;
    }

    /** {@code count(DISTINCT argument)}: computed in two phases, see {@link GroupedData#agg}. */
    static Column countDistinct(AggregateCall count) {
        return new Column(null, count, true, null);
    }

    boolean isDistinctAggregate() {
        return distinct;
    }

    /** Ascending, nulls first (Spark's default). */
    public Column asc() {
        return new Column(null, null, false, new SortKey(expression(), true, true));
    }

    public Column asc_nulls_last() {
        return new Column(null, null, false, new SortKey(expression(), true, false));
    }

    /** Descending, nulls last (Spark's default). */
    public Column desc() {
        return new Column(null, null, false, new SortKey(expression(), false, false));
    }

    public Column desc_nulls_first() {
        return new Column(null, null, false, new SortKey(expression(), false, true));
    }

    /** How {@code orderBy} sorts by this column: its own direction, or ascending for a plain column. */
    SortKey sortKey() {
        return sortKey != null ? sortKey : SortKey.ascending(expression());
    }

    /** The scalar expression; an aggregate used where a row-level value is needed is an error. */
    Expression expression() {
        if (sortKey != null) {
            throw new AnalysisException("sort order " + sortKey + " can only be used inside orderBy(...) or sort(...)");
        }
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

    /** {@code col IN (values...)}; values may be plain Java values or columns. */
    public Column isin(Object... values) {
        return new Column(new In(expression(), Arrays.stream(values).map(Column::lift).toList()));
    }

    /** {@code lower <= col AND col <= upper}, both ends included, as Spark's {@code between}. */
    public Column between(Object lower, Object upper) {
        return geq(lower).and(leq(upper));
    }

    /** SQL LIKE: {@code %} any run of characters, {@code _} one character, {@code \} escapes. */
    public Column like(String pattern) {
        return new Column(new Like(expression(), pattern));
    }

    /** {@code CAST(col AS type)}, with a type name as in a schema: "int", "decimal(10,2)", "date", ... */
    public Column cast(String type) {
        return cast(DataType.parse(type));
    }

    public Column cast(DataType type) {
        return new Column(new Cast(expression(), type));
    }

    /** Adds a branch to a column made by {@link functions#when}: {@code when(a, 1).when(b, 2).otherwise(3)}. */
    public Column when(Column condition, Object value) {
        return new Column(caseWhen("when").when(condition.expression(), lift(value)));
    }

    /** The value of a {@link functions#when} column when no condition is true (null without it). */
    public Column otherwise(Object value) {
        CaseWhen c = caseWhen("otherwise");
        return new Column(new CaseWhen(c.conditions(), c.values(), lift(value)));
    }

    private CaseWhen caseWhen(String method) {
        if (expression instanceof CaseWhen c && c.otherwise() == null) return c;
        throw new AnalysisException(method + "() can only be applied on a column made by when(...) without "
                + "otherwise(...), not on " + this);
    }

    /** Names the column; on an aggregate it names the aggregate's output column. */
    public Column as(String name) {
        if (aggregate != null) {
            return new Column(null, new AggregateCall(aggregate.function(), aggregate.argument(), name), distinct, null);
        }
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
