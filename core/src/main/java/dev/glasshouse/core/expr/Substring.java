package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * {@code substring(str, position, length)} as in Spark: positions count characters (code points) from 1; position 0
 * acts as 1; a negative position counts from the end ({@code -3} is the third-last character). A length below 1,
 * or a start past the end, gives the empty string. Null in, null out.
 */
public record Substring(Expression child, int position, int length) implements Expression {
    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        return v == null ? null : substring((String) v, position, length);
    }

    static String substring(String s, int position, int length) {
        int chars = s.codePointCount(0, s.length());
        // Spark's UTF8String.substringSQL: a 0-based start, then clip [start, start + length) to the string.
        long start = position > 0 ? position - 1L : position < 0 ? (long) chars + position : 0L;
        long end = length <= 0 ? start : start + length;
        int from = (int) Math.max(0, Math.min(chars, start));
        int to = (int) Math.max(from, Math.min(chars, end));
        return s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to));
    }

    @Override
    public DataType dataType() {
        return DataType.STRING;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Substring(children.get(0), position, length);
    }

    @Override
    public String outputName() {
        return FunctionText.outputName("substring", List.of(child, position, length));
    }

    @Override
    public String toString() {
        return FunctionText.plan("substring", List.of(child, position, length));
    }
}
