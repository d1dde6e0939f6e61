package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** {@code year(d)} and {@code month(d)} of a date, or of a timestamp's UTC date, as an int. Null in, null out. */
public record DatePart(Part part, Expression child) implements Expression {
    public enum Part {
        YEAR, MONTH;

        public String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        if (v == null) return null;
        LocalDate date = v instanceof Instant t ? DateTimeText.dateOf(t) : (LocalDate) v;
        return switch (part) {
            case YEAR -> date.getYear();
            case MONTH -> date.getMonthValue();
        };
    }

    @Override
    public DataType dataType() {
        return DataType.INT;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new DatePart(part, children.get(0));
    }

    @Override
    public String outputName() {
        return FunctionText.outputName(part.sqlName(), List.of(child));
    }

    @Override
    public String toString() {
        return FunctionText.plan(part.sqlName(), List.of(child));
    }
}
