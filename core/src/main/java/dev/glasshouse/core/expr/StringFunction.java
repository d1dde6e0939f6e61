package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;
import java.util.Locale;

/**
 * The one-argument string functions: {@code upper}, {@code lower}, {@code trim} (spaces at both ends, as Spark;
 * tabs and line breaks stay) and {@code length} (characters, counted as Unicode code points). Null in, null out.
 */
public record StringFunction(Op op, Expression child) implements Expression {
    public enum Op {
        UPPER, LOWER, TRIM, LENGTH;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        if (v == null) return null;
        String s = (String) v;
        return switch (op) {
            case UPPER -> s.toUpperCase(Locale.ROOT);
            case LOWER -> s.toLowerCase(Locale.ROOT);
            case TRIM -> trimSpaces(s);
            case LENGTH -> s.codePointCount(0, s.length());
        };
    }

    private static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') start++;
        while (end > start && s.charAt(end - 1) == ' ') end--;
        return s.substring(start, end);
    }

    @Override
    public DataType dataType() {
        return op == Op.LENGTH ? DataType.INT : DataType.STRING;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new StringFunction(op, children.get(0));
    }

    @Override
    public String outputName() {
        return FunctionText.outputName(op.sqlName(), List.of(child));
    }

    @Override
    public String toString() {
        return FunctionText.plan(op.sqlName(), List.of(child));
    }
}
