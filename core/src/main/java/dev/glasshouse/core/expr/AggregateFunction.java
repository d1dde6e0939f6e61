package dev.glasshouse.core.expr;

import dev.glasshouse.core.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The aggregate functions of {@code groupBy(...).agg(...)}. Each is computed in two steps so a shuffle moves
 * only one small row per key and map task: a partial state per input partition (map side), merged per key after
 * the shuffle (reduce side), then finished into the result value.
 *
 * <p>State layouts (columns of the shuffled row): COUNT [long]; SUM [long, double or decimal]; MIN/MAX [argument
 * type]; AVG [double or decimal sum, long count]; FIRST [argument type, boolean "seen"]. Nulls in the argument are
 * skipped, as SQL requires; SUM, MIN, MAX and AVG of no non-null value are null, COUNT of nothing is 0.
 *
 * <p>FIRST keeps the value of the first row it sees, null or not (Spark's {@code first(col)} without
 * {@code ignoreNulls}): first in the partition on the map side, first partial state to arrive on the reduce side.
 * Which row is first across partitions is not defined, as in Spark. Because it never skips a null, every FIRST of
 * one grouping takes its value from the same row, which is what {@code dropDuplicates(cols)} relies on.
 *
 * <p>Decimals as in Spark: sum of decimal(p,s) is decimal(p+10, s), avg is decimal(p+4, s+4) (precision capped at
 * 38). Decimal sums are exact; the average is rounded half-up to its scale.
 */
public enum AggregateFunction {
    COUNT, SUM, MIN, MAX, AVG, FIRST;

    public String sqlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Result type for an argument of {@code argType} (ignored by count). */
    public DataType resultType(DataType argType) {
        return switch (this) {
            case COUNT -> DataType.LONG;
            case SUM -> switch (argType.kind()) {
                case DOUBLE -> DataType.DOUBLE;
                case DECIMAL -> decimalSum(argType);
                default -> DataType.LONG;
            };
            case MIN, MAX, FIRST -> argType;
            case AVG -> argType.isDecimal()
                    ? DataType.decimal(Math.min(DataType.MAX_PRECISION, argType.precision() + 4),
                            Math.min(DataType.MAX_PRECISION, argType.scale() + 4))
                    : DataType.DOUBLE;
        };
    }

    private static DataType decimalSum(DataType argType) {
        return DataType.decimal(Math.min(DataType.MAX_PRECISION, argType.precision() + 10), argType.scale());
    }

    public List<DataType> stateTypes(DataType argType) {
        return switch (this) {
            case COUNT -> List.of(DataType.LONG);
            case SUM -> List.of(resultType(argType));
            case MIN, MAX -> List.of(argType);
            case AVG -> List.of(argType.isDecimal() ? decimalSum(argType) : DataType.DOUBLE, DataType.LONG);
            case FIRST -> List.of(argType, DataType.BOOLEAN);
        };
    }

    /** The empty state, before any row. */
    public Object[] initialState() {
        return switch (this) {
            case COUNT -> new Object[]{0L};
            case SUM, MIN, MAX -> new Object[]{null};
            case AVG -> new Object[]{null, 0L};
            case FIRST -> new Object[]{null, false};
        };
    }

    /** Folds one input value (the argument's value, or any non-null marker for count(*)) into the state. */
    public void update(Object[] state, Object value) {
        if (this == FIRST) {
            keepFirst(state, value);
            return;
        }
        if (value == null) return;
        switch (this) {
            case COUNT -> state[0] = (Long) state[0] + 1;
            case SUM -> state[0] = add(state[0], value);
            case MIN -> state[0] = state[0] == null || Comparison.compare(value, state[0]) < 0 ? value : state[0];
            case MAX -> state[0] = state[0] == null || Comparison.compare(value, state[0]) > 0 ? value : state[0];
            case AVG -> {
                state[0] = add(state[0], value instanceof BigDecimal ? value : ((Number) value).doubleValue());
                state[1] = (Long) state[1] + 1;
            }
        }
    }

    /** Merges a partial state read from a shuffled row into the state. */
    public void merge(Object[] state, Object[] partial) {
        switch (this) {
            case COUNT -> state[0] = (Long) state[0] + (Long) partial[0];
            case SUM, MIN, MAX -> update(state, partial[0]);
            case FIRST -> {
                if (Boolean.TRUE.equals(partial[1])) keepFirst(state, partial[0]);
            }
            case AVG -> {
                if (partial[0] != null) state[0] = add(state[0], partial[0]);
                state[1] = (Long) state[1] + (Long) partial[1];
            }
        }
    }

    public Object finish(Object[] state) {
        return switch (this) {
            case COUNT, SUM, MIN, MAX, FIRST -> state[0];
            case AVG -> average(state[0], (Long) state[1]);
        };
    }

    private static void keepFirst(Object[] state, Object value) {
        if (Boolean.TRUE.equals(state[1])) return;
        state[0] = value;
        state[1] = true;
    }

    /** A decimal sum of scale s averages to scale s+4, the scale of the result type. */
    private static Object average(Object sum, long count) {
        if (count == 0) return null;
        if (sum instanceof BigDecimal d) return d.divide(BigDecimal.valueOf(count), d.scale() + 4, RoundingMode.HALF_UP);
        return (Double) sum / count;
    }

    private static Object add(Object sum, Object value) {
        if (value instanceof BigDecimal d) return sum == null ? d : ((BigDecimal) sum).add(d);
        if (value instanceof Double || value instanceof Float || sum instanceof Double) {
            return (sum == null ? 0.0 : ((Number) sum).doubleValue()) + ((Number) value).doubleValue();
        }
        return (sum == null ? 0L : ((Number) sum).longValue()) + ((Number) value).longValue();
    }
}
