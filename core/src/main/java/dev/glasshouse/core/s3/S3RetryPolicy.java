package dev.glasshouse.core.s3;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How long an S3 operation keeps retrying transient failures (the glasshouse.s3.retry.* settings). Waits start at
 * {@code initialBackoff}, double after each failed attempt up to {@code maxBackoff}, and are jittered; once
 * {@code maxElapsed} has passed since the first attempt the operation fails. A {@code maxElapsed} of zero turns
 * retrying off.
 */
public record S3RetryPolicy(Duration maxElapsed, Duration initialBackoff, Duration maxBackoff) {
    public static final String MAX_ELAPSED_KEY = "glasshouse.s3.retry.max-elapsed";
    public static final String INITIAL_BACKOFF_KEY = "glasshouse.s3.retry.initial-backoff";
    public static final String MAX_BACKOFF_KEY = "glasshouse.s3.retry.max-backoff";

    /** The reference.conf values: long enough to ride out a restart of the S3 server. */
    public static final S3RetryPolicy DEFAULT =
            new S3RetryPolicy(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5));

    public S3RetryPolicy {
        if (maxElapsed == null || maxElapsed.isNegative()) {
            throw new IllegalArgumentException(MAX_ELAPSED_KEY + " must be 0 or more, not " + maxElapsed);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(INITIAL_BACKOFF_KEY + " must be more than 0, not " + initialBackoff);
        }
        if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(MAX_BACKOFF_KEY + " (" + maxBackoff + ") must be at least "
                    + INITIAL_BACKOFF_KEY + " (" + initialBackoff + ")");
        }
    }

    /** The glasshouse.s3.retry.* keys; a key that is absent keeps its default. */
    public static S3RetryPolicy fromConfig(Config c) {
        return new S3RetryPolicy(
                c.hasPath(MAX_ELAPSED_KEY) ? c.getDuration(MAX_ELAPSED_KEY) : DEFAULT.maxElapsed,
                c.hasPath(INITIAL_BACKOFF_KEY) ? c.getDuration(INITIAL_BACKOFF_KEY) : DEFAULT.initialBackoff,
                c.hasPath(MAX_BACKOFF_KEY) ? c.getDuration(MAX_BACKOFF_KEY) : DEFAULT.maxBackoff);
    }

    /** The wait before the next attempt after {@code backoff}: doubled, capped at {@link #maxBackoff}. */
    Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
}
