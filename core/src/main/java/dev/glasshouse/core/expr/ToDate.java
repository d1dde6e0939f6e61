package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code to_date(str)} and {@code to_date(str, pattern)}: a string's date, null when it is not one (Spark's
 * non-ANSI answer). Without a pattern it reads like {@code CAST(str AS DATE)}; with one, the whole string must match
 * the pattern, written in {@link DateTimeFormatter}'s letters, which agree with Spark's for the common ones
 * ({@code yyyy}, {@code MM}, {@code dd}, {@code HH}, {@code mm}, {@code ss}). A date passes through; a timestamp
 * gives its UTC date.
 *
 * @param pattern the date pattern, or null for the default forms
 */
public record ToDate(Expression child, String pattern) implements Expression {
    public ToDate {
        if (pattern != null) {
            try {
                DateTimeFormatter.ofPattern(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("to_date pattern '" + pattern + "' is not a date pattern: "
                        + e.getMessage() + " (write e.g. 'dd/MM/yyyy')", e);
            }
        }
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        if (v == null) return null;
        if (v instanceof LocalDate d) return d;
        if (v instanceof Instant t) return DateTimeText.dateOf(t);
        String s = ((String) v).strip();
        if (pattern == null) return Cast.convert(s, DataType.DATE);
        try {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern(pattern));
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    @Override
    public DataType dataType() {
        return DataType.DATE;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new ToDate(children.get(0), pattern);
    }

    @Override
    public String outputName() {
        return FunctionText.outputName("to_date", pattern == null ? List.of(child) : List.of(child, pattern));
    }

    @Override
    public String toString() {
        return FunctionText.plan("to_date", pattern == null ? List.of(child) : List.of(child, "'" + pattern + "'"));
    }
}
