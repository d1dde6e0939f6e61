package dev.glasshouse.core.s3;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * All S3 access in Glasshouse goes through this class, which uses the MinIO Java client. Every failure is an
 * {@link S3AccessException} naming the endpoint and path. Thread-safe: one instance can serve a whole process.
 *
 * <p>Every request is retried while it fails transiently (S3 unreachable, timing out, answering 5xx or SlowDown),
 * with exponential backoff, for up to glasshouse.s3.retry.max-elapsed ({@link S3Retry}); S3's definite answers
 * (NoSuchKey, AccessDenied, ...) fail at once. A read stream that breaks mid-way resumes where it broke
 * ({@link ResumableObjectStream}). So an S3 outage shorter than max-elapsed only delays the callers.
 */
public final class ObjectStore implements AutoCloseable {
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    private static final long READ_WRITE_TIMEOUT_MS = 300_000;
    /** The largest stream {@link #put(S3Path, InputStream, long)} keeps marked so it can send it again. */
    private static final long MAX_RESENT_STREAM_BYTES = 32L * 1024 * 1024;

    private final S3Settings settings;
    private final MinioClient client;
    private final AtomicLong requests = new AtomicLong();
    private final S3Retry retry;

    public ObjectStore(S3Settings settings) {
        this.settings = settings;
        this.retry = new S3Retry(settings, requests);
        checkEndpoint(settings.endpoint());
        this.client = MinioClient.builder()
                .endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey())
                // A fixed region spares a GetBucketLocation round trip before the first request to each bucket.
                .region(settings.region())
                .build();
        // MinIO's default connect timeout is minutes; one attempt at an unreachable endpoint should not take that
        // long (S3Retry then tries again until glasshouse.s3.retry.max-elapsed).
        client.setTimeout(CONNECT_TIMEOUT_MS, READ_WRITE_TIMEOUT_MS, READ_WRITE_TIMEOUT_MS);
    }

    public S3Settings settings() {
        return settings;
    }

    /**
     * The number of S3 requests this instance has issued (a listing counts once however many pages it has; every
     * attempt of a retried request counts).
     */
    public long requestCount() {
        return requests.get();
    }

    /** How many times a request was sent again after a transient failure, or a broken read resumed. */
    public long retryCount() {
        return retry.retryCount();
    }

    /**
     * Every object under {@code prefix}, sorted by key. The key is read as a directory ({@code s3://raw/sales} and
     * {@code s3://raw/sales/} list the same objects); when nothing is under it but the key names an object, that
     * one object is the result. Keys ending in {@code /} (directory markers) are skipped.
     */
    public List<ObjectInfo> list(S3Path prefix) {
        List<ObjectInfo> found = call("list objects under", prefix, prefix.bucket(), () -> {
            List<ObjectInfo> out = new ArrayList<>();
            Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder()
                    .bucket(prefix.bucket()).prefix(prefix.keyAsPrefix()).recursive(true).build());
            for (Result<Item> result : items) {
                Item item = result.get();
                if (item.isDir() || item.objectName().endsWith("/")) continue;
                out.add(new ObjectInfo(new S3Path(prefix.bucket(), item.objectName()), item.size()));
            }
            return out;
        });
        if (found.isEmpty() && !prefix.key().isEmpty() && !prefix.key().endsWith("/")) {
            Long size = size(prefix);
            if (size != null) return List.of(new ObjectInfo(prefix, size));
        }
        found.sort(Comparator.comparing(info -> info.path().key()));
        return found;
    }

    /** True when the object exists (false also when its bucket does not). */
    public boolean exists(S3Path path) {
        return size(path) != null;
    }

    /** Streams the whole object. The caller closes the stream. */
    public InputStream open(S3Path path) {
        return new ResumableObjectStream(path, settings, retry,
                (offset, length, etag) -> get(path, offset, length, etag), 0, null, get(path, null, null, null));
    }

    /** Streams {@code length} bytes of the object from {@code offset} (a ranged GET). The caller closes the stream. */
    public InputStream open(S3Path path, long offset, long length) {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad byte range of " + path + ": offset " + offset + ", length "
                    + length + " (the offset must be >= 0 and the length > 0)");
        }
        return new ResumableObjectStream(path, settings, retry,
                (from, rest, etag) -> get(path, from, rest, etag), offset, length, get(path, offset, length, null));
    }

    /** One GET, from {@code offset} (null: the whole object), of the version {@code etag} when given. */
    private GetObjectResponse get(S3Path path, Long offset, Long length, String etag) {
        return call("read", path, path.bucket(), () -> {
            GetObjectArgs.Builder args = GetObjectArgs.builder().bucket(path.bucket()).object(path.key());
            if (offset != null) args.offset(offset);
            if (length != null) args.length(length);
            if (etag != null) args.matchETag(etag);
            return client.getObject(args.build());
        });
    }

    public void put(S3Path path, byte[] data) {
        // A fresh stream per attempt: the bytes can be sent again whatever went wrong.
        call("write", path, path.bucket(), () -> client.putObject(PutObjectArgs.builder()
                .bucket(path.bucket()).object(path.key()).stream(new ByteArrayInputStream(data), data.length, -1)
                .build()));
    }

    /**
     * Stores {@code size} bytes read from {@code data}; objects over 5 MiB go up as a multipart upload. To send the
     * bytes again after a transient failure, the stream must support mark/reset and hold at most
     * 32 MiB (a ByteArrayInputStream, a BufferedInputStream): it is reset to its
     * start. Any other stream is retried only while none of it was read; a failure after that fails at once
     * ({@link #upload} and {@link #put(S3Path, byte[])} always retry).
     */
    public void put(S3Path path, InputStream data, long size) {
        boolean resettable = data.markSupported() && size <= MAX_RESENT_STREAM_BYTES;
        if (resettable) data.mark((int) size + 1);
        AtomicBoolean touched = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        InputStream watched = new FilterInputStream(data) {
            @Override
            public int read() throws IOException {
                touched.set(true);
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                touched.set(true);
                return super.read(b, off, len);
            }

            @Override
            public long skip(long n) throws IOException {
                touched.set(true);
                return super.skip(n);
            }

            /** The mark is ours, set at the start; the client must not move it. */
            @Override
            public boolean markSupported() {
                return false;
            }
        };
        retry.run("write", path, path.bucket(), () -> resettable || !touched.get(), () -> {
            if (attempts.getAndIncrement() > 0 && resettable) data.reset();
            return client.putObject(PutObjectArgs.builder()
                    .bucket(path.bucket()).object(path.key()).stream(watched, size, -1).build());
        });
    }

    public void upload(S3Path path, Path localFile) {
        call("upload " + localFile + " to", path, path.bucket(), () -> client.uploadObject(UploadObjectArgs.builder()
                .bucket(path.bucket()).object(path.key()).filename(localFile.toString()).build()));
    }

    /** Server-side copy: the bytes do not pass through this process. */
    public void copy(S3Path from, S3Path to) {
        call("copy " + from + " to", to, to.bucket(), () -> {
            try {
                return client.copyObject(CopyObjectArgs.builder()
                        .bucket(to.bucket()).object(to.key())
                        .source(CopySource.builder().bucket(from.bucket()).object(from.key()).build())
                        .build());
            } catch (ErrorResponseException e) {
                // S3 does not say which side is missing; only the source has to exist as an object.
                String code = e.errorResponse().code();
                String buckets = from.bucket().equals(to.bucket()) ? "bucket '" + from.bucket() + "'"
                        : "bucket '" + from.bucket() + "' or '" + to.bucket() + "'";
                if (code.equals("NoSuchKey")) {
                    throw new S3AccessException("object " + from + " does not exist at " + settings.endpoint()
                            + " (needed to copy it to " + to + ")", e);
                }
                if (code.equals("NoSuchBucket")) {
                    throw new S3AccessException(buckets + " does not exist at " + settings.endpoint()
                            + " (needed to copy " + from + " to " + to + "): create it or fix the path", e);
                }
                throw e;
            }
        });
    }

    /** Deletes the object; deleting one that does not exist is not an error (S3 semantics). */
    public void delete(S3Path path) {
        call("delete", path, path.bucket(), () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(path.bucket()).object(path.key()).build());
            return null;
        });
    }

    /** Deletes the objects with one batch request per bucket; fails with the first object S3 could not delete. */
    public void deleteAll(List<S3Path> paths) {
        Map<String, List<DeleteObject>> byBucket = new LinkedHashMap<>();
        for (S3Path path : paths) {
            byBucket.computeIfAbsent(path.bucket(), b -> new ArrayList<>()).add(new DeleteObject(path.key()));
        }
        for (Map.Entry<String, List<DeleteObject>> batch : byBucket.entrySet()) {
            String bucket = batch.getKey();
            DeleteError first = call("delete objects in", null, bucket, () -> {
                // The MinIO client sends the requests only while the results are iterated.
                DeleteError error = null;
                for (Result<DeleteError> result : client.removeObjects(RemoveObjectsArgs.builder()
                        .bucket(bucket).objects(batch.getValue()).build())) {
                    DeleteError e = result.get();
                    if (error == null) error = e;
                }
                return error;
            });
            if (first != null) {
                throw new S3AccessException("S3 at " + settings.endpoint() + " could not delete "
                        + new S3Path(bucket, first.objectName()) + ": " + first.code() + " (" + first.message() + ")");
            }
        }
    }

    /** Creates the bucket unless it exists already. */
    public void ensureBucket(String bucket) {
        new S3Path(bucket, ""); // checks the name against S3's rules, with a message naming it
        boolean exists = call("look up", null, bucket,
                () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (exists) return;
        call("create", null, bucket, () -> {
            try {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
                // Someone else created it between the two requests: the bucket exists, which is all we want.
                String code = e.errorResponse().code();
                if (!code.equals("BucketAlreadyOwnedByYou") && !code.equals("BucketAlreadyExists")) throw e;
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            throw new S3AccessException("closing the S3 client for " + settings.endpoint() + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "ObjectStore[" + settings.endpoint() + "]";
    }

    /** The object's size, or null when it (or its bucket) does not exist. */
    private Long size(S3Path path) {
        return call("look up", path, path.bucket(), () -> {
            try {
                StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket(path.bucket()).object(path.key()).build());
                return stat.size();
            } catch (ErrorResponseException e) {
                String code = e.errorResponse().code();
                if (code.equals("NoSuchKey") || code.equals("NoSuchBucket")) return null;
                throw e;
            }
        });
    }

    /** Runs one request with retries of transient failures; every failure comes out as an S3AccessException. */
    private <T> T call(String operation, S3Path path, String bucket, S3Retry.S3Call<T> body) {
        return retry.run(operation, path, bucket, S3Retry.RetryGuard.ALWAYS, body);
    }

    private static void checkEndpoint(String endpoint) {
        String problem = null;
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                problem = "it must start with http:// or https://";
            } else if (uri.getHost() == null) {
                problem = "it has no host name";
            }
        } catch (URISyntaxException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            throw new S3AccessException("glasshouse.s3.endpoint '" + endpoint + "' is not a valid S3 address ("
                    + problem + "): write it like http://127.0.0.1:9000");
        }
    }
}
