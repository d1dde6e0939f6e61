package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * {@code + - * / %} on numbers. Both sides are widened to the wider type (int &lt; long &lt; decimal &lt; double).
 * {@code /} on integers and doubles yields a double, as in Spark SQL; on decimals (or a decimal and an integer) it
 * yields a decimal. Division or remainder by zero yields null (Spark's non-ANSI behaviour).
 *
 * <p>Decimal results follow Spark's rules for {@code decimal(p1,s1) op decimal(p2,s2)}, an integer counting as
 * decimal(10,0) (int) or decimal(20,0) (long):
 * <ul>
 *   <li>{@code + -}: scale max(s1,s2), precision max(p1-s1, p2-s2) + scale + 1</li>
 *   <li>{@code *}: scale s1+s2, precision p1+p2+1</li>
 *   <li>{@code /}: scale max(6, s1+p2+1), precision p1-s1+s2+scale</li>
 *   <li>{@code %}: scale max(s1,s2), precision min(p1-s1, p2-s2) + scale</li>
 * </ul>
 * A precision above 38 is cut to 38 and the scale shrunk to make room for the integer digits, keeping at least
 * min(scale, 6) fraction digits (Spark's {@code allowPrecisionLoss}). Values are rounded half-up to the result scale;
 * a result with more integer digits than the type holds is null (Spark's non-ANSI overflow).
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
        DataType type = dataType();
        return switch (type.kind()) {
            case DOUBLE -> evalDouble(a.doubleValue(), b.doubleValue());
            case DECIMAL -> evalDecimal(DataType.toBigDecimal(a), DataType.toBigDecimal(b), type);
            case LONG -> evalLong(a.longValue(), b.longValue());
            case INT -> {
                Long v = evalLong(a.longValue(), b.longValue());
                yield v == null ? null : (int) (long) v;
            }
            default -> throw new IllegalStateException("arithmetic on " + type);
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

    private BigDecimal evalDecimal(BigDecimal a, BigDecimal b, DataType type) {
        BigDecimal exact = switch (op) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            case MULTIPLY -> a.multiply(b);
            case DIVIDE -> b.signum() == 0 ? null : a.divide(b, type.scale(), RoundingMode.HALF_UP);
            case REMAINDER -> b.signum() == 0 ? null : a.remainder(b);
        };
        if (exact == null) return null;
        BigDecimal result = exact.setScale(type.scale(), RoundingMode.HALF_UP);
        return type.fits(result) ? result : null;
    }

    @Override
    public DataType dataType() {
        DataType l = left.dataType();
        DataType r = right.dataType();
        boolean decimal = (l.isDecimal() || r.isDecimal()) && l != DataType.DOUBLE && r != DataType.DOUBLE;
        if (decimal) return decimalResult(l.asDecimal(), r.asDecimal());
        if (op == Op.DIVIDE) return DataType.DOUBLE;
        return DataType.widerNumeric(l, r);
    }

    private DataType decimalResult(DataType x, DataType y) {
        int p1 = x.precision();
        int s1 = x.scale();
        int p2 = y.precision();
        int s2 = y.scale();
        return switch (op) {
            case ADD, SUBTRACT -> {
                int scale = Math.max(s1, s2);
                yield bounded(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
            }
            case MULTIPLY -> bounded(p1 + p2 + 1, s1 + s2);
            case DIVIDE -> {
                int scale = Math.max(6, s1 + p2 + 1);
                yield bounded(p1 - s1 + s2 + scale, scale);
            }
            case REMAINDER -> {
                int scale = Math.max(s1, s2);
                yield bounded(Math.min(p1 - s1, p2 - s2) + scale, scale);
            }
        };
    }

    /** Spark's {@code adjustPrecisionScale}: cap at 38 digits, giving integer digits priority over fraction digits. */
    private static DataType bounded(int precision, int scale) {
        if (precision <= DataType.MAX_PRECISION) return DataType.decimal(Math.max(precision, 1), scale);
        int integerDigits = precision - scale;
        int minScale = Math.min(scale, 6);
        int adjustedScale = Math.max(DataType.MAX_PRECISION - integerDigits, minScale);
        return DataType.decimal(DataType.MAX_PRECISION, adjustedScale);
    }

    @Override
    public List<Expression> children() {
        return List.of(left, right);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Arithmetic(op, children.get(0), children.get(1));
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
