package dev.glasshouse.core.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns what the MinIO client throws into an {@link S3AccessException} that says what to check. */
final class S3Errors {
    private S3Errors() {
    }

    /**
     * @param operation what was being done, as a verb phrase ("read", "list objects under")
     * @param path      the object or prefix concerned, or null for requests about a bucket only
     */
    static S3AccessException translate(Exception e, S3Settings settings, String operation, S3Path path, String bucket) {
        String endpoint = settings.endpoint();
        String target = path != null ? path.toString() : "bucket '" + bucket + "'";
        if (e instanceof ErrorResponseException ere) {
            ErrorResponse error = ere.errorResponse();
            String code = error.code();
            return new S3AccessException(switch (code) {
                case "InvalidAccessKeyId", "SignatureDoesNotMatch" -> "S3 at " + endpoint
                        + " rejected the credentials for access key '" + settings.accessKey() + "' (" + code
                        + "): check glasshouse.s3.access-key / secret-key";
                case "AccessDenied" -> "S3 at " + endpoint + " denied access to " + target + " for access key '"
                        + settings.accessKey() + "' (AccessDenied): check glasshouse.s3.access-key / secret-key "
                        + "and the key's permissions";
                case "NoSuchBucket" -> "bucket '" + bucket + "' does not exist at " + endpoint
                        + (path != null ? " (needed to " + operation + " " + path + ")" : "")
                        + ": create it or fix the path";
                case "NoSuchKey" -> "object " + target + " does not exist at " + endpoint
                        + " (needed to " + operation + " it)";
                case "InvalidRange" -> "S3 at " + endpoint + " refused the byte range asked of " + target
                        + " (InvalidRange): the object is shorter than the caller expected";
                default -> "S3 at " + endpoint + " failed to " + operation + " " + target + ": " + code
                        + (error.message() != null ? " (" + error.message() + ")" : "");
            }, e);
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof SocketTimeoutException) {
            return unreachable(endpoint, e);
        }
        if (e instanceof InvalidResponseException) {
            return new S3AccessException("S3 at " + endpoint + " answered a request to " + operation + " " + target
                    + " with something that is not an S3 response (" + e.getMessage()
                    + "): is glasshouse.s3.endpoint the address of an S3 server?", e);
        }
        if (e instanceof IOException) {
            return new S3AccessException("I/O error talking to S3 at " + endpoint + " to " + operation + " " + target
                    + ": " + describe(e), e);
        }
        return new S3AccessException("failed to " + operation + " " + target + " at S3 " + endpoint + ": "
                + describe(e), e);
    }

    static S3AccessException unreachable(String endpoint, Exception e) {
        return new S3AccessException("cannot reach S3 at " + endpoint + " (" + describe(e)
                + "): is the S3 server running and is glasshouse.s3.endpoint right?", e);
    }

    private static String describe(Throwable e) {
        // OkHttp reports "Failed to connect to /127.0.0.1:9000" and keeps the reason ("Connection refused") in
        // the cause: the innermost message is the telling one.
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
