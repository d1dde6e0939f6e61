package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.lit;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.Locale;
import java.util.function.Function;
import java.util.List;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * Turns one SQL expression into a DataFrame {@link Column}, through the public Column/functions API only, so SQL
 * and DataFrame programs build the same plan. Column names are looked up in a {@link Scope}.
 *
 * <p>{@code replacement} is asked first about every node: after a GROUP BY it turns grouping expressions and
 * aggregate calls into references to the aggregation's output columns. An aggregate it does not replace is an
 * error naming the clause, e.g. an aggregate in WHERE.
 */
final class ExpressionTranslator {
    private final Scope scope;
    private final Function<Expression, Column> replacement;
    private final String clause;

    /**
     * @param replacement returns the column for a node it replaces, or null to translate the node normally
     * @param clause      where the expression stands (WHERE, SELECT, ...), for error messages
     */
    ExpressionTranslator(Scope scope, Function<Expression, Column> replacement, String clause) {
        this.scope = scope;
        this.replacement = replacement;
        this.clause = clause;
    }

    static ExpressionTranslator plain(Scope scope, String clause) {
        return new ExpressionTranslator(scope, e -> null, clause);
    }

    Column translate(Expression e) {
        Column replaced = replacement.apply(e);
        if (replaced != null) return replaced;
        if (e instanceof net.sf.jsqlparser.schema.Column c) {
            return column(c);
        } else if (e instanceof LongValue v) {
            long value = v.getValue();
            // Spark: an integral literal is an int when it fits, else a bigint.
            return value == (int) value ? lit((int) value) : lit(value);
        } else if (e instanceof DoubleValue v) {
            return lit(v.getValue());
        } else if (e instanceof StringValue v) {
            return lit(v.getValue());
        } else if (e instanceof BooleanValue v) {
            return lit(v.getValue());
        } else if (e instanceof NullValue) {
            return lit(null);
        } else if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            return translate(list.get(0));
        } else if (e instanceof SignedExpression s) {
            return signed(s);
        } else if (e instanceof NotExpression n) {
            return dev.glasshouse.driver.functions.not(translate(n.getExpression()));
        } else if (e instanceof IsNullExpression n) {
            Column operand = translate(n.getLeftExpression());
            return n.isNot() ? operand.isNotNull() : operand.isNull();
        } else if (e instanceof Concat c) {
            return dev.glasshouse.driver.functions.concat(translate(c.getLeftExpression()),
                    translate(c.getRightExpression()));
        } else if (e instanceof LikeExpression like) {
            return like(like);
        } else if (e instanceof BinaryExpression b) {
            return binary(b);
        } else if (e instanceof InExpression in) {
            return in(in);
        } else if (e instanceof Between between) {
            Column value = translate(between.getLeftExpression()).between(
                    translate(between.getBetweenExpressionStart()), translate(between.getBetweenExpressionEnd()));
            return between.isNot() ? dev.glasshouse.driver.functions.not(value) : value;
        } else if (e instanceof CastExpression cast) {
            return translate(cast.getLeftExpression()).cast(typeName(cast));
        } else if (e instanceof CaseExpression c) {
            return caseWhen(c);
        } else if (e instanceof TrimFunction trim) {
            // JSqlParser reads trim(x) as its own node, for the TRIM(LEADING 'x' FROM y) forms.
            if (trim.getTrimSpecification() != null || trim.getFromExpression() != null) throw unsupported(trim);
            return dev.glasshouse.driver.functions.trim(translate(trim.getExpression()));
        } else if (SqlTrees.isAggregate(e)) {
            throw new AnalysisException("aggregate function " + e + " is not allowed in " + clause
                    + (clause.equals("WHERE") ? ": filter on aggregates with HAVING instead" : ""));
        } else if (e instanceof net.sf.jsqlparser.expression.Function f) {
            return ScalarFunctions.translate(f, this);
        }
        throw unsupported(e);
    }

    AnalysisException unsupported(Expression e) {
        return new AnalysisException("unsupported SQL expression in " + clause + ": " + e + " ("
                + e.getClass().getSimpleName() + ")");
    }

    private Column column(net.sf.jsqlparser.schema.Column c) {
        String name = SqlTrees.unquote(c.getColumnName());
        return col(scope.resolve(SelectTranslator.qualifier(c), name).internalName());
    }

    private Column signed(SignedExpression s) {
        Expression inner = s.getExpression();
        if (s.getSign() == '+') return translate(inner);
        if (s.getSign() != '-') throw unsupported(s);
        if (inner instanceof LongValue v) {
            long value = -v.getValue();
            return value == (int) value ? lit((int) value) : lit(value);
        }
        if (inner instanceof DoubleValue v) return lit(-v.getValue());
        return lit(0).minus(translate(inner));
    }

    private Column binary(BinaryExpression b) {
        Column left = translate(b.getLeftExpression());
        Column right = translate(b.getRightExpression());
        if (b instanceof Addition) return left.plus(right);
        if (b instanceof Subtraction) return left.minus(right);
        if (b instanceof Multiplication) return left.multiply(right);
        if (b instanceof Division) return left.divide(right);
        if (b instanceof Modulo) return left.mod(right);
        if (b instanceof EqualsTo) return left.equalTo(right);
        if (b instanceof NotEqualsTo) return left.notEqual(right);
        if (b instanceof GreaterThan) return left.gt(right);
        if (b instanceof GreaterThanEquals) return left.geq(right);
        if (b instanceof MinorThan) return left.lt(right);
        if (b instanceof MinorThanEquals) return left.leq(right);
        if (b instanceof AndExpression) return left.and(right);
        if (b instanceof OrExpression) return left.or(right);
        throw unsupported(b);
    }

    private Column like(LikeExpression like) {
        if (like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE || like.getEscape() != null) {
            throw unsupported(like);
        }
        if (!(like.getRightExpression() instanceof StringValue pattern)) {
            throw new AnalysisException("LIKE needs a string literal pattern, e.g. name LIKE 'A%', not " + like);
        }
        Column value = translate(like.getLeftExpression()).like(pattern.getValue());
        return like.isNot() ? dev.glasshouse.driver.functions.not(value) : value;
    }

    private Column in(InExpression in) {
        if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
            throw new AnalysisException("IN needs a list of values, e.g. country IN ('US', 'IN'); subqueries are "
                    + "not supported: " + in);
        }
        Object[] values = list.stream().map(this::translate).toArray();
        Column value = translate(in.getLeftExpression()).isin(values);
        return in.isNot() ? dev.glasshouse.driver.functions.not(value) : value;
    }

    /** {@code CASE WHEN c THEN v ... ELSE e END}, and the simple form {@code CASE x WHEN 1 THEN ...}. */
    private Column caseWhen(CaseExpression c) {
        Column result = null;
        Column subject = c.getSwitchExpression() == null ? null : translate(c.getSwitchExpression());
        for (WhenClause when : c.getWhenClauses()) {
            Column condition = subject == null ? translate(when.getWhenExpression())
                    : subject.equalTo(translate(when.getWhenExpression()));
            Column value = translate(when.getThenExpression());
            result = result == null ? dev.glasshouse.driver.functions.when(condition, value)
                    : result.when(condition, value);
        }
        return c.getElseExpression() == null ? result : result.otherwise(translate(c.getElseExpression()));
    }

    /** The type of a CAST as the DataFrame API names it: {@code decimal(10,2)}, {@code date}, ... */
    private static String typeName(CastExpression cast) {
        ColDataType type = cast.getColDataType();
        List<String> arguments = type.getArgumentsStringList();
        return type.getDataType() + (arguments == null || arguments.isEmpty() ? ""
                : "(" + String.join(",", arguments) + ")");
    }

    static String lowerName(net.sf.jsqlparser.expression.Function f) {
        return f.getName().toLowerCase(Locale.ROOT);
    }
}
