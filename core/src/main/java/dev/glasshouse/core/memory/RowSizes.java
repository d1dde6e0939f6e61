package dev.glasshouse.core.memory;

import dev.glasshouse.core.row.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Cheap estimates of the heap a row takes, for counting operators' buffers against a task's execution memory.
 * They assume a 64-bit JVM with compressed references (any heap below 32 GB): 12-byte object headers, 4-byte
 * references, objects padded to 8 bytes. Small boxed numbers the JVM caches are counted as if they were not,
 * so estimates lean high, which is the safe side. An estimate per row is a few type checks, no reflection.
 */
public final class RowSizes {
    /** A row object and the header of its value array, before the array's references. */
    private static final int ROW_OVERHEAD = 16 + 16;
    private static final int REFERENCE = 4;
    private static final int BOXED = 16;

    private RowSizes() {
    }

    /** Bytes of the row object, its value array and every value it holds. */
    public static long of(Row row) {
        long bytes = ROW_OVERHEAD + align(REFERENCE * (long) row.size());
        for (int i = 0; i < row.size(); i++) bytes += ofValue(row.get(i));
        return bytes;
    }

    /** Bytes of one column value (0 for null and for booleans, which are shared constants). */
    public static long ofValue(Object value) {
        if (value == null || value instanceof Boolean) return 0;
        if (value instanceof Long || value instanceof Integer || value instanceof Double) return BOXED;
        if (value instanceof String s) return 24 + align(16 + (long) s.length());
        if (value instanceof LocalDate || value instanceof Instant) return 24;
        if (value instanceof BigDecimal d) return 40 + 40 + align(16 + (d.unscaledValue().bitLength() / 8 + 4));
        if (value instanceof Object[] array) {
            long bytes = align(16 + REFERENCE * (long) array.length);
            for (Object element : array) bytes += ofValue(element);
            return bytes;
        }
        return BOXED;
    }

    private static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
