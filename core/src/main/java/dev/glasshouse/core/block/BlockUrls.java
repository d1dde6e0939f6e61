package dev.glasshouse.core.block;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The URL layout of the data plane, shared by the executors' block server and {@link BlockClient}:
 * <pre>
 *   GET /shuffle/{applicationId}/{shuffleId}/{mapPartition}/{reducePartition}   a shuffle block
 *   GET /result/{applicationId}/{stageId}/{partition}                           a result block
 * </pre>
 * Numbers are non-negative decimal ints; an application id is a {@link #isSafeName safe name}. Both end up as
 * file names on the executor's disk, so nothing else may reach it (no "..", no separators, no escapes).
 */
public final class BlockUrls {
    private BlockUrls() {
    }

    public static final String SHUFFLE = "shuffle";
    public static final String RESULT = "result";

    /** Letters, digits, '.', '_' and '-', not starting with '.': never a path separator, "." or "..". */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
    /** Up to nine digits always fits an int. */
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");

    public static URI shuffleBlock(String host, int port, String applicationId, int shuffleId, int mapPartition,
                                   int reducePartition) {
        return uri(host, port, "/" + SHUFFLE + "/" + requireSafeName(applicationId) + "/"
                + requireNonNegative(shuffleId) + "/" + requireNonNegative(mapPartition) + "/"
                + requireNonNegative(reducePartition));
    }

    public static URI resultBlock(String host, int port, String applicationId, int stageId, int partition) {
        return uri(host, port, "/" + RESULT + "/" + requireSafeName(applicationId) + "/"
                + requireNonNegative(stageId) + "/" + requireNonNegative(partition));
    }

    /** Whether {@code name} can be used as one path segment of a URL and one file name on disk. */
    public static boolean isSafeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }

    /** Parses one path segment that must be a non-negative int; -1 when it is not one. */
    public static int parseNumber(String segment) {
        return NUMBER.matcher(segment).matches() ? Integer.parseInt(segment) : -1;
    }

    public static String requireSafeName(String name) {
        if (!isSafeName(name)) {
            throw new IllegalArgumentException("not a valid application id (letters, digits, '.', '_', '-'; "
                    + "not starting with '.'): " + name);
        }
        return name;
    }

    private static int requireNonNegative(int value) {
        if (value < 0) throw new IllegalArgumentException("block ids are non-negative, got " + value);
        return value;
    }

    private static URI uri(String host, int port, String path) {
        // An IPv6 literal needs brackets inside a URL.
        String authority = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return URI.create("http://" + authority + ":" + port + path);
    }
}
