package dev.glasshouse.core.s3;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns what the MinIO client throws into an {@link S3AccessException} that says what to check. */
final class S3Errors {
    /** S3 error codes that mean "try again later", whatever the HTTP status. */
    private static final Set<String> TRANSIENT_CODES = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout");
    /** HTTP statuses of a server (or a proxy in front of it) that is overloaded, restarting or briefly away. */
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(500, 502, 503, 504);
    /** MinIO's message for a response that is not S3 XML, e.g. a load balancer's HTML error page. */
    private static final Pattern NON_XML_STATUS = Pattern.compile("Response code: (\\d+)");

    private S3Errors() {
    }

    /**
     * True for a failure that may go away by itself: the server refused or dropped the connection, timed out, or
     * answered 500/502/503/504, SlowDown, InternalError, ServiceUnavailable or RequestTimeout. False for S3's
     * definite answers (NoSuchKey, NoSuchBucket, AccessDenied, SignatureDoesNotMatch, every other 4xx), for an
     * unknown host name and TLS certificate problems (configuration errors) and for local file errors. The first
     * exception in the cause chain that says anything decides.
     */
    static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException ere) {
                String code = ere.errorResponse().code();
                int status = ere.response() != null ? ere.response().code() : 0;
                return TRANSIENT_CODES.contains(code) || TRANSIENT_STATUSES.contains(status);
            }
            if (t instanceof ServerException server) return TRANSIENT_STATUSES.contains(server.statusCode());
            if (t instanceof InvalidResponseException) {
                Matcher status = NON_XML_STATUS.matcher(String.valueOf(t.getMessage()));
                return status.find() && TRANSIENT_STATUSES.contains(Integer.parseInt(status.group(1)));
            }
            if (t instanceof UnknownHostException || t instanceof FileSystemException
                    || t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
                return false;
            }
            // Connection refused or reset, timeouts, a response cut short ("unexpected end of stream").
            if (t instanceof IOException) return true;
        }
        return false;
    }

    /** True when the request never got an answer: the server could not be reached or stopped answering. */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException || t instanceof ServerException
                    || t instanceof InvalidResponseException) {
                return false;
            }
        }
        return isTransient(e);
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
                case "PreconditionFailed" -> "object " + target + " at " + endpoint
                        + " changed while it was being read (its ETag no longer matches): read it again";
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

    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponseException ere) {
                ErrorResponse error = ere.errorResponse();
                return error.code() + (error.message() != null ? " (" + error.message() + ")" : "");
            }
        }
        // OkHttp reports "Failed to connect to /127.0.0.1:9000" and keeps the reason ("Connection refused") in
        // the cause: the innermost message is the telling one.
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) message = t.getMessage();
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
