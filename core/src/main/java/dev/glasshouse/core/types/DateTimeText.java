package dev.glasshouse.core.types;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * Dates and timestamps as text, shared by CSV reading, schema inference and {@code cast} so all three accept exactly
 * the same strings. Timestamps without an offset are in UTC, Glasshouse's session time zone.
 *
 * <p>Accepted: dates {@code yyyy-MM-dd}; timestamps {@code yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][Z|+hh:mm]} and the same
 * with a space instead of {@code T}. Values keep at most microseconds, as Spark's do.
 */
public final class DateTimeText {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .append(DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DISPLAY = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private DateTimeText() {
    }

    /** @throws IllegalArgumentException when the text is not a {@code yyyy-MM-dd} date */
    public static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.strip(), DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date: write yyyy-MM-dd", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a timestamp of an accepted form */
    public static Instant parseTimestamp(String text) {
        String t = text.strip();
        // Exactly one separator between date and time: "2024-01-05T 10:00:00" is not a timestamp.
        if (t.length() < 11 || (t.charAt(10) != 'T' && t.charAt(10) != ' ') || t.charAt(11) == ' ') {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp: write yyyy-MM-dd HH:mm:ss or "
                    + "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][Z|+hh:mm]");
        }
        try {
            TemporalAccessor parsed = TIMESTAMP.parse(t);
            LocalDateTime local = LocalDateTime.from(parsed);
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return local.toInstant(offset).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a timestamp: write yyyy-MM-dd HH:mm:ss or "
                    + "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][Z|+hh:mm]", e);
        }
    }

    /** Spark's text for a timestamp, in UTC: {@code 2024-01-05 10:00:00}, fraction only when non-zero. */
    public static String format(Instant timestamp) {
        return DISPLAY.format(timestamp);
    }

    /** The UTC date of a timestamp. */
    public static LocalDate dateOf(Instant timestamp) {
        return LocalDate.ofInstant(timestamp, ZoneOffset.UTC);
    }

    /** Midnight UTC of a date. */
    public static Instant startOf(LocalDate date) {
        return date.atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** Microseconds since 1970-01-01T00:00:00Z, the timestamp's encoding in row blocks. */
    public static long epochMicros(Instant timestamp) {
        return Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1000);
    }

    public static Instant fromEpochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
