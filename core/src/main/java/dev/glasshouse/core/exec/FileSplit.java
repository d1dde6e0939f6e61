package dev.glasshouse.core.exec;

/**
 * A byte range of one input object. A split owns the lines that start inside it: a reader starting past byte 0
 * skips the partial first line, and the line that crosses the end belongs to this split.
 *
 * @param path s3://bucket/key of the object
 */
public record FileSplit(String path, long start, long length, long fileSize) {
    public boolean wholeFile() {
        return start == 0 && length == fileSize;
    }

    @Override
    public String toString() {
        return wholeFile() ? path : path + " [" + start + ", " + (start + length) + ")";
    }
}
