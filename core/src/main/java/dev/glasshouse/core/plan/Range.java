package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.math.BigInteger;
import java.util.List;

/**
 * The numbers {@code start, start + step, ...} up to but not including {@code end}, in one {@code long} column
 * named {@code id}, cut into {@code partitions} slices of nearly equal size: Spark's {@code spark.range}. A leaf
 * that reads nothing, so its tasks cost only what the engine itself costs.
 */
public record Range(long start, long end, long step, int partitions) implements LogicalPlan {
    public Range {
        if (step == 0) throw new IllegalArgumentException("range step must not be 0");
        if (partitions < 1) {
            throw new IllegalArgumentException("range partitions must be at least 1, got " + partitions);
        }
    }

    /** How many numbers the range holds. */
    public long count() {
        BigInteger span = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start));
        BigInteger stepValue = BigInteger.valueOf(step);
        if (span.signum() == 0 || span.signum() != stepValue.signum()) return 0;
        // ceil(span / step) for span and step of the same sign
        BigInteger[] division = span.divideAndRemainder(stepValue);
        BigInteger count = division[1].signum() == 0 ? division[0] : division[0].add(BigInteger.ONE);
        return count.longValueExact();
    }

    /** Index, within the range, of the first number of {@code partition}; {@code partition == partitions} gives count. */
    public long firstIndex(int partition) {
        return BigInteger.valueOf(count()).multiply(BigInteger.valueOf(partition))
                .divide(BigInteger.valueOf(partitions)).longValueExact();
    }

    /** The number at {@code index} of the range. */
    public long valueAt(long index) {
        return start + index * step;
    }

    @Override
    public Schema schema() {
        return Schema.of(new Field("id", DataType.LONG));
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of();
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return this;
    }

    @Override
    public String describe() {
        return "Range (" + start + ", " + end + ", step=" + step + ", splits=" + partitions + ")";
    }
}
