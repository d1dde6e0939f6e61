package dev.glasshouse.core.s3;

import java.util.Locale;
import java.util.Objects;

/**
 * The address of an object, or of a "directory" prefix, in S3: {@code s3://bucket/key}. The key has no leading
 * {@code /}; an empty key names the whole bucket.
 */
public record S3Path(String bucket, String key) {
    public S3Path {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        String problem = bucketProblem(bucket);
        if (problem != null) {
            throw new IllegalArgumentException("bad S3 bucket name '" + bucket + "': " + problem);
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("bad S3 key '" + key + "' in bucket '" + bucket
                    + "': a key must not start with '/'");
        }
    }

    /** Parses {@code s3://bucket/key} (or {@code s3a://...}, as Hadoop writes it). */
    public static S3Path parse(String uri) {
        if (uri == null) throw new IllegalArgumentException("S3 path is missing: write s3://bucket/key");
        String lower = uri.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("s3://")) {
            rest = uri.substring("s3://".length());
        } else if (lower.startsWith("s3a://")) {
            rest = uri.substring("s3a://".length());
        } else {
            throw new IllegalArgumentException("bad S3 path '" + uri + "': it must start with s3:// (or s3a://), "
                    + "e.g. s3://raw/sales/");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        String problem = bucketProblem(bucket);
        if (problem != null) throw new IllegalArgumentException("bad S3 path '" + uri + "': " + problem);
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("bad S3 path '" + uri + "': '//' after the bucket name; "
                    + "write s3://" + bucket + "/" + key.replaceFirst("^/+", ""));
        }
        return new S3Path(bucket, key);
    }

    /** This path with {@code name} appended after exactly one {@code /}. */
    public S3Path child(String name) {
        String trimmed = name.replaceFirst("^/+", "");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("cannot append an empty name to " + this);
        }
        return new S3Path(bucket, keyAsPrefix() + trimmed);
    }

    /** The key as a directory prefix: ending in {@code /}, or empty for the whole bucket. */
    public String keyAsPrefix() {
        if (key.isEmpty() || key.endsWith("/")) return key;
        return key + "/";
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }

    /** Why the name breaks S3's bucket naming rules, or null when it is fine. */
    private static String bucketProblem(String bucket) {
        if (bucket.isEmpty()) return "the bucket name is missing: write s3://bucket/key";
        if (bucket.length() < 3 || bucket.length() > 63) {
            return "bucket name '" + bucket + "' must be 3 to 63 characters long";
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
            return "bucket name '" + bucket + "' may only hold lowercase letters, digits, '.' and '-', "
                    + "and must start and end with a letter or digit";
        }
        return null;
    }
}
