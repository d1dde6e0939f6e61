package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * {@code + - * / %} on numbers. Both sides are widened to the wider type (int < long < double); {@code /} always
 * yields a double, as in Spark SQL. Division or remainder by zero yields null (Spark's non-ANSI behaviour).
 */
public record Arithmetic(Op op, Expression left, Expression right) implements Expression {
    public enum Op {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), REMAINDER("%");

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
        Number a = (Number) l;
        Number b = (Number) r;
        return switch (dataType()) {
            case DOUBLE -> evalDouble(a.doubleValue(), b.doubleValue());
            case LONG -> evalLong(a.longValue(), b.longValue());
            case INT -> {
                Long v = evalLong(a.longValue(), b.longValue());
                yield v == null ? null : (int) (long) v;
            }
            default -> throw new IllegalStateException("arithmetic on " + dataType());
        };
    }

    private Double evalDouble(double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> b == 0 ? null : a / b;
            case REMAINDER -> b == 0 ? null : a % b;
        };
    }

    private Long evalLong(long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> throw new IllegalStateException("integer division is done in double");
            case REMAINDER -> b == 0 ? null : a % b;
        };
    }

    @Override
    public DataType dataType() {
        if (op == Op.DIVIDE) return DataType.DOUBLE;
        return DataType.widerNumeric(left.dataType(), right.dataType());
    }

    @Override
    public List<Expression> children() {
        return List.of(left, right);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Arithmetic(op, children.get(0), children.get(1));
    }

    @Override
    public String toString() {
        return "(" + left + " " + op.symbol + " " + right + ")";
    }
}
