package dev.glasshouse.core.s3;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one S3 request, again and again while it fails transiently ({@link S3Errors#isTransient}: the server is
 * unreachable, times out or answers 5xx / SlowDown), waiting with exponential backoff and jitter, until
 * {@link S3RetryPolicy#maxElapsed} has passed since the first attempt. Any other failure (NoSuchKey, AccessDenied,
 * bad credentials...) is final at once: retrying cannot change S3's answer. Thread-safe.
 *
 * <p>Only requests that may be sent twice are run here: every ObjectStore request is idempotent (GET, HEAD, LIST,
 * PUT and COPY of a whole object, DELETE), and a PUT from a one-shot stream is retried only while none of the
 * stream has been read (see ObjectStore#put).
 */
final class S3Retry {
    private static final Logger log = LoggerFactory.getLogger(S3Retry.class);
    /** The first word of an operation ("read", "list objects under") as it reads after "while". */
    private static final Map<String, String> GERUNDS = Map.of("read", "reading", "write", "writing",
            "list", "listing", "upload", "uploading", "copy", "copying", "delete", "deleting", "look", "looking",
            "create", "creating");

    @FunctionalInterface
    interface S3Call<T> {
        T run() throws Exception;
    }

    private final S3Settings settings;
    private final AtomicLong requests;
    private final AtomicLong retries = new AtomicLong();

    /** @param requests counts every attempt, retries included */
    S3Retry(S3Settings settings, AtomicLong requests) {
        this.settings = settings;
        this.requests = requests;
    }

    /** Attempts that were made again after a transient failure (and broken reads resumed), since creation. */
    long retryCount() {
        return retries.get();
    }

    /** Counts a retry made outside {@link #run}: a broken read stream resumed. */
    void countRetry() {
        retries.incrementAndGet();
    }

    /**
     * @param operation what is being done, as a verb phrase ("read", "list objects under")
     * @param path      the object or prefix concerned, or null for requests about a bucket only
     * @param retryable false when this request must not be sent again whatever the failure
     * @throws S3AccessException at once for a failure that is not transient; after max-elapsed for one that is
     */
    <T> T run(String operation, S3Path path, String bucket, RetryGuard retryable, S3Call<T> body) {
        S3RetryPolicy policy = settings.retry();
        long start = System.nanoTime();
        Duration backoff = policy.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            requests.incrementAndGet();
            try {
                return body.run();
            } catch (Exception e) {
                if (!S3Errors.isTransient(e) || !retryable.mayRetry() || Thread.currentThread().isInterrupted()
                        || policy.maxElapsed().isZero()) {
                    throw e instanceof S3AccessException access ? access
                            : S3Errors.translate(e, settings, operation, path, bucket);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                Duration left = policy.maxElapsed().minus(elapsed);
                if (left.isNegative() || left.isZero()) throw gaveUp(e, elapsed, attempt, operation, path, bucket);
                Duration wait = jittered(backoff);
                if (wait.compareTo(left) > 0) wait = left;
                retries.incrementAndGet();
                log.warn("S3 at {}: attempt {} to {} {} failed ({}); retrying in {} ms", settings.endpoint(),
                        attempt, operation, target(path, bucket), S3Errors.describe(e), wait.toMillis());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    // A cancelled task: stop at once and leave the flag for the caller to see.
                    Thread.currentThread().interrupt();
                    S3AccessException failure = S3Errors.translate(e, settings, operation, path, bucket);
                    failure.addSuppressed(interrupted);
                    throw failure;
                }
                backoff = policy.next(backoff);
            }
        }
    }

    /** "S3 at http://127.0.0.1:9000 unreachable for 30 s (12 attempts) while reading s3://raw/a.csv: ..." */
    S3AccessException gaveUp(Exception last, Duration elapsed, int attempts, String operation, S3Path path,
                             String bucket) {
        String state = S3Errors.isConnectionFailure(last) ? "unreachable" : "kept failing";
        return new S3AccessException("S3 at " + settings.endpoint() + " " + state + " for "
                + seconds(elapsed) + " (" + attempts + (attempts == 1 ? " attempt" : " attempts") + ") while "
                + gerund(operation) + " " + target(path, bucket) + ": " + S3Errors.describe(last)
                + " (is the S3 server running? " + S3RetryPolicy.MAX_ELAPSED_KEY + " = "
                + seconds(settings.retry().maxElapsed()) + " is how long S3 may be away)", last);
    }

    /** Whole seconds from 10 s on, else tenths: "30 s", "2.5 s". */
    static String seconds(Duration duration) {
        double s = duration.toMillis() / 1000.0;
        return s >= 10 ? Math.round(s) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", s);
    }

    static String target(S3Path path, String bucket) {
        return path != null ? path.toString() : "bucket '" + bucket + "'";
    }

    private static String gerund(String operation) {
        int space = operation.indexOf(' ');
        String verb = space < 0 ? operation : operation.substring(0, space);
        String ing = GERUNDS.get(verb);
        return ing == null ? "trying to " + operation : ing + operation.substring(verb.length());
    }

    /** Between half and all of {@code backoff}, so clients failing together do not retry in lock step. */
    private static Duration jittered(Duration backoff) {
        long ms = Math.max(1, backoff.toMillis());
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms - ms / 2 + 1));
    }

    /** Whether a failed request may be sent again (false e.g. once a one-shot upload stream has been read). */
    @FunctionalInterface
    interface RetryGuard {
        RetryGuard ALWAYS = () -> true;

        boolean mayRetry();
    }
}
