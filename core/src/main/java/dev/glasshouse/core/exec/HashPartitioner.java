package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import java.util.Objects;

/**
 * Chooses the reduce partition of a row from its key columns. Must give the same answer in every JVM, so it
 * uses only value hash codes Java defines exactly (String, Long, Integer, Double, Boolean), then mixes the bits
 * so that a few similar keys still spread over the partitions.
 */
public final class HashPartitioner {
    private HashPartitioner() {
    }

    public static int partition(Row row, int[] keyColumns, int partitions) {
        int h = 17;
        for (int column : keyColumns) h = 31 * h + Objects.hashCode(row.get(column));
        return Math.floorMod(mix(h), partitions);
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
