package dev.glasshouse.core.s3;

import io.minio.GetObjectResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one GET that survives the connection breaking mid-way: it opens a ranged GET from the first byte
 * not yet delivered, with If-Match on the ETag of the first response so the rest comes from the same version of
 * the object (a changed object fails with PreconditionFailed instead of splicing two versions). Opening again goes
 * through the store's retry, so a read rides out an S3 outage as long as a request would. When breaks keep coming
 * with no byte delivered for longer than glasshouse.s3.retry.max-elapsed, the read fails with an IOException naming
 * the object, the endpoint and the byte reached. Not thread-safe, like any stream.
 */
final class ResumableObjectStream extends InputStream {
    private static final Logger log = LoggerFactory.getLogger(ResumableObjectStream.class);

    /** Issues a GET of the object from {@code offset}; {@code length} and {@code etag} may be null. */
    @FunctionalInterface
    interface Opener {
        GetObjectResponse open(long offset, Long length, String etag);
    }

    private final S3Path path;
    private final S3Settings settings;
    private final S3Retry retry;
    private final Opener opener;
    /** Offset in the object of the first byte of the range read. */
    private final long start;
    /** Bytes the range holds (from the first response's Content-Length), or -1 while unknown. */
    private final long expected;
    private final String etag;
    private InputStream current;
    /** Bytes delivered to the caller so far. */
    private long position;
    /** When the current run of breaks without progress began (System.nanoTime), or -1 while reading well. */
    private long stuckSince = -1;
    private boolean closed;

    /**
     * @param first     the response to the first GET, already issued (so a missing object fails at open)
     * @param requested the length asked for, or null for the rest of the object
     */
    ResumableObjectStream(S3Path path, S3Settings settings, S3Retry retry, Opener opener, long start,
                          Long requested, GetObjectResponse first) {
        this.path = path;
        this.settings = settings;
        this.retry = retry;
        this.opener = opener;
        this.start = start;
        this.current = first;
        this.etag = first.headers().get("ETag");
        String contentLength = first.headers().get("Content-Length");
        this.expected = contentLength != null ? Long.parseLong(contentLength) : requested != null ? requested : -1;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("reading " + path + ": the stream is closed");
        if (len == 0) return 0;
        while (true) {
            if (expected >= 0 && position >= expected) return -1;
            try {
                int n = current.read(b, off, len);
                if (n > 0) {
                    position += n;
                    stuckSince = -1;
                } else if (n < 0 && expected >= 0 && position < expected) {
                    // The server closed the body early without an error: as much a break as a reset.
                    throw new IOException("the response ended after " + position + " of " + expected + " bytes");
                }
                return n;
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) throw context(e);
                resume(e);
            }
        }
    }

    @Override
    public int available() throws IOException {
        return closed ? 0 : current.available();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        current.close();
    }

    /** Opens the rest of the range again, or throws when breaks have gone on without progress for too long. */
    private void resume(IOException broken) throws IOException {
        long now = System.nanoTime();
        if (stuckSince < 0) stuckSince = now;
        Duration stuck = Duration.ofNanos(now - stuckSince);
        if (stuck.compareTo(settings.retry().maxElapsed()) >= 0) throw context(broken);
        closeQuietly(current);
        long offset = start + position;
        Long rest = expected >= 0 ? expected - position : null;
        retry.countRetry();
        log.warn("S3 at {}: reading {} broke at byte {} ({}); resuming from there with a ranged GET",
                settings.endpoint(), path, offset, S3Errors.describe(broken));
        try {
            current = opener.open(offset, rest, etag);
        } catch (S3AccessException e) {
            current = InputStream.nullInputStream();
            closed = true;
            IOException failure = new IOException("reading " + path + " from S3 at " + settings.endpoint()
                    + " broke at byte " + offset + " (" + S3Errors.describe(broken) + ") and could not resume: "
                    + e.getMessage(), e);
            failure.addSuppressed(broken);
            throw failure;
        }
    }

    private IOException context(IOException e) {
        return new IOException("reading " + path + " from S3 at " + settings.endpoint() + " failed at byte "
                + (start + position) + ": " + S3Errors.describe(e), e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // The connection is broken already; closing it can only fail the same way.
        }
    }
}
