package dev.glasshouse.core.types;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The text of a value as Spark shows it, used by {@code show()}, CSV output and {@code cast(... as string)}:
 * decimals without exponent ({@code 1000.50}), dates {@code yyyy-MM-dd}, timestamps {@code yyyy-MM-dd HH:mm:ss} in
 * UTC. Everything else prints with Java's {@code toString}. Never called with null.
 */
public final class ValueText {
    private ValueText() {
    }

    public static String of(Object value) {
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof Instant t) return DateTimeText.format(t);
        return value.toString();
    }
}
