package dev.glasshouse.core.s3;

/**
 * An S3 request failed. The message names the endpoint and, where there is one, the s3:// path, and says what to
 * check.
 */
public class S3AccessException extends RuntimeException {
    public S3AccessException(String message, Throwable cause) {
        super(message, cause);
    }

    public S3AccessException(String message) {
        super(message);
    }
}
