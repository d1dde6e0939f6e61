package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DateTimeText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Chooses the reduce partition of a row from its key columns. Must give the same answer in every JVM, so it
 * uses only value hash codes Java defines exactly (String, Long, Integer, Double, Boolean), then mixes the bits
 * so that a few similar keys still spread over the partitions. Decimals hash without trailing zeros, so equal
 * values of different scales (1.5 and 1.50) meet in one partition; dates and timestamps hash their epoch day and
 * epoch microseconds.
 */
public final class HashPartitioner {
    private HashPartitioner() {
    }

    public static int partition(Row row, int[] keyColumns, int partitions) {
        int h = 17;
        for (int column : keyColumns) h = 31 * h + hash(row.get(column));
        return Math.floorMod(mix(h), partitions);
    }

    private static int hash(Object value) {
        if (value instanceof BigDecimal d) return d.stripTrailingZeros().hashCode();
        if (value instanceof LocalDate d) return Long.hashCode(d.toEpochDay());
        if (value instanceof Instant t) return Long.hashCode(DateTimeText.epochMicros(t));
        return Objects.hashCode(value);
    }

    /** The finaliser of MurmurHash3: every input bit affects every output bit. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
