package dev.glasshouse.driver.analysis;

import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.CaseWhen;
import dev.glasshouse.core.expr.Cast;
import dev.glasshouse.core.expr.Coalesce;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Concat;
import dev.glasshouse.core.expr.DatePart;
import dev.glasshouse.core.expr.DateTrunc;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.In;
import dev.glasshouse.core.expr.Like;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.StringFunction;
import dev.glasshouse.core.expr.Substring;
import dev.glasshouse.core.expr.ToDate;
import dev.glasshouse.core.expr.TypeCoercion;
import dev.glasshouse.core.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Type checks and Spark's implicit casts for comparisons and the scalar functions ({@code isin}, {@code like},
 * {@code cast}, {@code when}, {@code coalesce}, string and date functions). Called by the {@link Analyzer} with the
 * children already resolved. The casts it inserts leave an expression that passes the same checks unchanged, so
 * analyzing an analyzed plan again changes nothing.
 */
final class ScalarFunctionChecks {
    private ScalarFunctionChecks() {
    }

    static boolean covers(Expression e) {
        return e instanceof In || e instanceof Like || e instanceof Cast || e instanceof CaseWhen
                || e instanceof Coalesce || e instanceof StringFunction || e instanceof Substring
                || e instanceof Concat || e instanceof DatePart || e instanceof ToDate || e instanceof DateTrunc;
    }

    /** The expression, type-checked, with implicit casts added; its children are already resolved. */
    static Expression check(Expression e) {
        if (e instanceof In in) {
            List<Expression> list = new ArrayList<>();
            for (Expression element : in.list()) {
                Expression cast = comparable(in.value(), element, in);
                if (!sameKind(in.value(), cast)) {
                    throw new AnalysisException("cannot look for " + describe(in.value()) + " among " + describe(element)
                            + " in " + in + ": cast the value to " + element.dataType().sqlName() + " first");
                }
                list.add(cast);
            }
            return new In(in.value(), list);
        } else if (e instanceof Like like) {
            return new Like(asString(like.child()), like.pattern());
        } else if (e instanceof Cast cast) {
            DataType from = cast.child().dataType();
            if (!Cast.canCast(from, cast.type())) {
                throw new AnalysisException("cannot cast " + describe(cast.child()) + " to " + cast.type().sqlName()
                        + " in " + cast + ": " + from.sqlName() + " casts only to string"
                        + (from == DataType.DATE || from == DataType.TIMESTAMP ? ", date or timestamp" : "")
                        + " and types it converts to as Spark does");
            }
            return cast;
        } else if (e instanceof CaseWhen caseWhen) {
            for (Expression condition : caseWhen.conditions()) requireBoolean(condition, caseWhen);
            requireCommonType(caseWhen.resultValues(), caseWhen, "the THEN and ELSE values");
            return caseWhen;
        } else if (e instanceof Coalesce coalesce) {
            requireCommonType(coalesce.arguments(), coalesce, "the arguments");
            return coalesce;
        } else if (e instanceof StringFunction f) {
            return new StringFunction(f.op(), asString(f.child()));
        } else if (e instanceof Substring s) {
            return new Substring(asString(s.child()), s.position(), s.length());
        } else if (e instanceof Concat concat) {
            return concat;
        } else if (e instanceof DatePart part) {
            return new DatePart(part.part(), temporal(part.child(), DataType.DATE, part));
        } else if (e instanceof ToDate toDate) {
            DataType type = toDate.child().dataType();
            if (type != DataType.STRING && type != DataType.DATE && type != DataType.TIMESTAMP) {
                throw new AnalysisException(describe(toDate.child()) + " in " + toDate + " must be a string, date "
                        + "or timestamp");
            }
            return toDate;
        } else if (e instanceof DateTrunc trunc) {
            return new DateTrunc(trunc.unit(), temporal(trunc.child(), DataType.TIMESTAMP, trunc));
        }
        throw new IllegalStateException("not a scalar function: " + e);
    }

    /**
     * Checks a comparison's sides and applies Spark's implicit casts: a string compared with a date or timestamp is
     * cast to it, and a date compared with a timestamp becomes midnight of that date.
     */
    static Comparison comparison(Comparison c) {
        Expression right = comparable(c.left(), c.right(), c);
        Expression left = comparable(right, c.left(), c);
        return new Comparison(c.op(), left, right);
    }

    /** {@code other}, cast when needed to compare with {@code anchor}; an error when they cannot be compared. */
    private static Expression comparable(Expression anchor, Expression other, Expression in) {
        DataType a = anchor.dataType();
        DataType o = other.dataType();
        if (a.equals(o) || (a.isNumeric() && o.isNumeric()) || TypeCoercion.isNullLiteral(anchor)
                || TypeCoercion.isNullLiteral(other)) {
            return other;
        }
        boolean temporal = a == DataType.DATE || a == DataType.TIMESTAMP;
        if (temporal && (o == DataType.STRING || (o == DataType.DATE && a == DataType.TIMESTAMP))) {
            return new Cast(other, a);
        }
        if (temporal && o == DataType.TIMESTAMP) return other;
        // The other side is the date or timestamp: the anchor is the one to cast, when the caller checks it.
        boolean otherTemporal = o == DataType.DATE || o == DataType.TIMESTAMP;
        if (otherTemporal && (a == DataType.STRING || a == DataType.DATE)) return other;
        throw new AnalysisException("cannot compare " + describe(anchor) + " with " + describe(other) + " in " + in
                + ": both sides must be numbers, or both strings, booleans, dates or timestamps "
                + "(a string compares with a date or timestamp as one)");
    }

    private static boolean sameKind(Expression a, Expression b) {
        DataType x = a.dataType();
        DataType y = b.dataType();
        return x.equals(y) || (x.isNumeric() && y.isNumeric()) || TypeCoercion.isNullLiteral(a)
                || TypeCoercion.isNullLiteral(b);
    }

    /** A date or timestamp as {@code wanted}; a string is cast (as Spark does), other types are an error. */
    private static Expression temporal(Expression child, DataType wanted, Expression in) {
        DataType type = child.dataType();
        if (type.equals(wanted)) return child;
        if (type == DataType.STRING || type == DataType.DATE || type == DataType.TIMESTAMP) {
            return new Cast(child, wanted);
        }
        throw new AnalysisException(describe(child) + " in " + in + " must be a date, timestamp or string");
    }

    /** Spark casts a non-string argument of a string function to its string. */
    private static Expression asString(Expression child) {
        return child.dataType() == DataType.STRING ? child : new Cast(child, DataType.STRING);
    }

    private static void requireBoolean(Expression condition, Expression in) {
        if (condition.dataType() != DataType.BOOLEAN && !TypeCoercion.isNullLiteral(condition)) {
            throw new AnalysisException("condition " + describe(condition) + " in " + in + " must be a boolean");
        }
    }

    private static void requireCommonType(List<Expression> values, Expression in, String what) {
        if (TypeCoercion.commonType(values) == null) {
            throw new AnalysisException(what + " of " + in + " have no common type ("
                    + values.stream().map(ScalarFunctionChecks::describe).toList()
                    + "): make them all numbers, or cast them to one type");
        }
    }

    static String describe(Expression e) {
        if (e instanceof BoundColumn b) {
            return b.type().sqlName() + " column '" + b.name() + "'";
        } else if (e instanceof Literal l) {
            return l.type().sqlName() + " " + l;
        } else {
            return e.dataType().sqlName() + " " + e;
        }
    }
}
