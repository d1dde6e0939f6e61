package dev.glasshouse.cli.chaos;

import dev.glasshouse.core.row.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A checksum of a job's result that ignores row order: SHA-256 over the rows' text, sorted. Two runs whose
 * partitions were computed in different orders (or recomputed) have the same checksum exactly when they have the
 * same rows.
 */
public final class ResultChecksum {
    private ResultChecksum() {
    }

    /** The first 16 hex digits of the digest: enough to tell results apart, short enough to read. */
    public static String of(List<Row> rows) {
        List<String> lines = rows.stream().map(Row::toString).sorted().toList();
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                digest.update(line.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
