package dev.glasshouse.cli.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Compares the rows of two engines. Values are first brought to one Java form: integers to Long, floating point
 * to Double, decimals to BigDecimal without trailing zeros, dates and timestamps to Spark's text.
 *
 * <p>Doubles match within a relative tolerance of 1e-9: a sum or average of doubles depends on the order of the
 * additions, and that order differs between engines (Glasshouse adds within each partition, then merges the
 * partial sums after the shuffle in whatever order the map outputs arrive), so the last bits can differ.
 * Everything else must be equal.
 */
final class ResultComparator {
    private static final double RELATIVE_TOLERANCE = 1e-9;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ResultComparator() {
    }

    static Object normalize(Object value) {
        if (value == null) return null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) return big.longValueExact();
        if (value instanceof Float || value instanceof Double) return ((Number) value).doubleValue();
        if (value instanceof BigDecimal decimal) return decimal.stripTrailingZeros();
        if (value instanceof java.sql.Date date) return date.toLocalDate().toString();
        if (value instanceof LocalDate date) return date.toString();
        if (value instanceof java.sql.Timestamp ts) return TIMESTAMP.format(ts.toLocalDateTime());
        if (value instanceof LocalDateTime ts) return TIMESTAMP.format(ts);
        if (value instanceof OffsetDateTime ts) return TIMESTAMP.format(ts.withOffsetSameInstant(ZoneOffset.UTC));
        if (value instanceof Instant ts) return TIMESTAMP.format(ts.atOffset(ZoneOffset.UTC));
        return value;
    }

    static List<List<Object>> normalize(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>();
        for (List<Object> row : rows) out.add(row.stream().map(ResultComparator::normalize).collect(Collectors.toList()));
        return out;
    }

    /** Sorts rows by a text key (doubles rounded to 6 significant digits) for order-insensitive comparison. */
    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultComparator::sortKey));
        return copy;
    }

    private static String sortKey(List<Object> row) {
        StringBuilder key = new StringBuilder();
        for (Object v : row) {
            key.append(v == null ? "\u0000null" : v instanceof Double d ? String.format("%.6g", d) : v.toString());
            key.append('\u0001');
        }
        return key.toString();
    }

    /** Null when equal, else a description of the first difference. */
    static String difference(List<List<Object>> expected, List<List<Object>> actual) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " rows but Glasshouse returned " + actual.size()
                    + "\n  expected (first 10): " + head(expected) + "\n  actual (first 10):   " + head(actual);
        }
        for (int r = 0; r < expected.size(); r++) {
            List<Object> e = expected.get(r);
            List<Object> a = actual.get(r);
            if (e.size() != a.size()) return "row " + r + ": expected " + e.size() + " columns, got " + a.size();
            for (int c = 0; c < e.size(); c++) {
                if (!same(e.get(c), a.get(c))) {
                    return "row " + r + ", column " + (c + 1) + ": DuckDB " + describe(e.get(c)) + ", Glasshouse "
                            + describe(a.get(c)) + "\n  DuckDB row:     " + e + "\n  Glasshouse row: " + a;
                }
            }
        }
        return null;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected instanceof Number e && actual instanceof Number a
                && (e instanceof Double || a instanceof Double || e instanceof BigDecimal || a instanceof BigDecimal)) {
            if (e instanceof BigDecimal x && a instanceof BigDecimal y) return x.compareTo(y) == 0;
            double x = e.doubleValue();
            double y = a.doubleValue();
            return x == y || Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
        }
        return Objects.equals(expected, actual);
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }

    private static String head(List<List<Object>> rows) {
        return rows.subList(0, Math.min(10, rows.size())).toString();
    }
}
