package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/**
 * {@code date_trunc(unit, ts)}: the timestamp cut down to the start of its year, quarter, month, week (Monday), day,
 * hour, minute or second, in UTC. Units are Spark's names, any case: year/yyyy/yy, quarter, month/mon/mm, week,
 * day/dd, hour, minute, second. Null in, null out.
 */
public record DateTrunc(String unit, Expression child) implements Expression {
    public enum Unit { YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND }

    public DateTrunc {
        unitOf(unit);
    }

    /** @throws IllegalArgumentException naming the accepted units when {@code unit} is none of them */
    public static Unit unitOf(String unit) {
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "year", "yyyy", "yy" -> Unit.YEAR;
            case "quarter" -> Unit.QUARTER;
            case "month", "mon", "mm" -> Unit.MONTH;
            case "week" -> Unit.WEEK;
            case "day", "dd" -> Unit.DAY;
            case "hour" -> Unit.HOUR;
            case "minute" -> Unit.MINUTE;
            case "second" -> Unit.SECOND;
            default -> throw new IllegalArgumentException("date_trunc unit '" + unit + "' is unknown: use year, "
                    + "quarter, month, week, day, hour, minute or second");
        };
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        if (v == null) return null;
        LocalDateTime t = LocalDateTime.ofInstant((Instant) v, ZoneOffset.UTC);
        LocalDateTime cut = switch (unitOf(unit)) {
            case YEAR -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case QUARTER -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1)
                    .withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
            case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case WEEK -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
            case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case SECOND -> t.truncatedTo(ChronoUnit.SECONDS);
        };
        return cut.toInstant(ZoneOffset.UTC);
    }

    @Override
    public DataType dataType() {
        return DataType.TIMESTAMP;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new DateTrunc(unit, children.get(0));
    }

    @Override
    public String outputName() {
        return FunctionText.outputName("date_trunc", List.of(unit, child));
    }

    @Override
    public String toString() {
        return FunctionText.plan("date_trunc", List.of("'" + unit + "'", child));
    }
}
