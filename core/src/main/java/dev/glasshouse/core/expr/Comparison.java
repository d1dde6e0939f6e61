package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code = != < <= > >=}. Numbers compare by value across int, long, decimal and double (a double on either side
 * compares as doubles, as Spark widens decimal with double to double; decimals with integers compare exactly);
 * strings by their UTF-16 order; booleans false &lt; true; dates and timestamps in time order. A null on either side
 * gives null (unknown), which a filter treats as false.
 */
public record Comparison(Op op, Expression left, Expression right) implements Expression {
    public enum Op {
        EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    @Override
    public Object eval(Row row) {
        Object l = left.eval(row);
        if (l == null) return null;
        Object r = right.eval(row);
        if (r == null) return null;
        int c = compare(l, r);
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
        };
    }

    /** Orders two non-null values of comparable types (checked by the analyzer). */
    @SuppressWarnings("unchecked")
    public static int compare(Object l, Object r) {
        if (l instanceof Number a && r instanceof Number b) {
            if (a instanceof Double || b instanceof Double) return Double.compare(a.doubleValue(), b.doubleValue());
            if (a instanceof BigDecimal || b instanceof BigDecimal) {
                return DataType.toBigDecimal(a).compareTo(DataType.toBigDecimal(b));
            }
            return Long.compare(a.longValue(), b.longValue());
        }
        return ((Comparable<Object>) l).compareTo(r);
    }

    @Override
    public DataType dataType() {
        return DataType.BOOLEAN;
    }

    @Override
    public List<Expression> children() {
        return List.of(left, right);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Comparison(op, children.get(0), children.get(1));
    }

    /** The column name Spark would give it: the same text with columns by name, positions left out. */
    @Override
    public String outputName() {
        return "(" + left.outputName() + " " + op.symbol + " " + right.outputName() + ")";
    }

    @Override
    public String toString() {
        return "(" + left + " " + op.symbol + " " + right + ")";
    }
}
