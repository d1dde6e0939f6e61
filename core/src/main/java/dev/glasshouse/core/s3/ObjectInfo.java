package dev.glasshouse.core.s3;

/** One object found by a listing. */
public record ObjectInfo(S3Path path, long size) {
}
