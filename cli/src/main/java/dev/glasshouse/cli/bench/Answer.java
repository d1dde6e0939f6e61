package dev.glasshouse.cli.bench;

import dev.glasshouse.core.row.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A job's answer in canonical form, so the engine's result and the reference computed from the generator compare
 * exactly: group key → value text, sorted by key. Counts are integers; sums of amounts are given in cents, as
 * {@code 1234.56}. The amounts have two decimals, so their exact sum does too; the engine sums doubles, whose
 * rounding error over millions of rows stays far below half a cent, so rounding its sum to cents gives the exact
 * sum back.
 *
 * @param values key → value text, sorted by key
 */
public record Answer(SortedMap<String, String> values) {
    public Answer {
        values = new TreeMap<>(values);
    }

    /** Rows of (key string, count long), as {@code groupBy(...).count()} gives them. */
    public static Answer ofCounts(List<Row> rows) {
        SortedMap<String, String> values = new TreeMap<>();
        for (Row row : rows) values.put(String.valueOf(row.get(0)), Long.toString((Long) row.get(1)));
        return new Answer(values);
    }

    /** Rows of (key string, sum double). */
    public static Answer ofSums(List<Row> rows) {
        SortedMap<String, String> values = new TreeMap<>();
        for (Row row : rows) values.put(String.valueOf(row.get(0)), cents((Double) row.get(1)));
        return new Answer(values);
    }

    /** Exact counts by key. */
    public static Answer ofExactCounts(Map<String, Long> counts) {
        SortedMap<String, String> values = new TreeMap<>();
        counts.forEach((key, count) -> values.put(key, Long.toString(count)));
        return new Answer(values);
    }

    /** Exact sums by key, given in cents. */
    public static Answer ofExactCents(Map<String, Long> cents) {
        SortedMap<String, String> values = new TreeMap<>();
        cents.forEach((key, sum) -> values.put(key, BigDecimal.valueOf(sum, 2).toPlainString()));
        return new Answer(values);
    }

    static String cents(double sum) {
        return BigDecimal.valueOf(sum).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** The first 16 hex digits of the SHA-256 of the {@code key=value} lines: short enough to print, long enough to trust. */
    public String checksum() {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
