package dev.glasshouse.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitLineInputStreamTest {
    private static byte[] readSplit(byte[] file, long start, long length) throws IOException {
        ByteArrayInputStream fromStart = new ByteArrayInputStream(file, (int) start, file.length - (int) start);
        try (SplitLineInputStream in = new SplitLineInputStream(fromStart, start > 0, length)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[3]; // small reads cross the end offset in every possible way
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            return out.toByteArray();
        }
    }

    @Test
    void everyWayOfCuttingAFileReadsEachLineExactlyOnce() throws IOException {
        byte[] file = "a,1\nbb,22\n\nccc,333\nd\nlast line without newline".getBytes(StandardCharsets.UTF_8);
        for (int splitSize = 1; splitSize <= file.length + 1; splitSize++) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (long start = 0; start < file.length; start += splitSize) {
                all.write(readSplit(file, start, Math.min(splitSize, file.length - start)));
            }
            assertThat(all.toByteArray()).as("split size %d", splitSize).isEqualTo(file);
        }
    }

    @Test
    void aSplitInsideOneLongLineOwnsNothing() throws IOException {
        byte[] file = "short\nthis line is much longer than the split\nend\n".getBytes(StandardCharsets.UTF_8);
        assertThat(readSplit(file, 10, 5)).isEmpty();
        assertThat(new String(readSplit(file, 0, 7), StandardCharsets.UTF_8))
                .isEqualTo("short\nthis line is much longer than the split\n");
    }

    @Test
    void aSplitOwnsTheLineStartingAtItsEnd() throws IOException {
        byte[] file = "aaa\nbbb\nccc\n".getBytes(StandardCharsets.UTF_8);
        // [0, 4) ends where "bbb" starts: that line belongs to this split, not to the one starting at 4.
        assertThat(new String(readSplit(file, 0, 4), StandardCharsets.UTF_8)).isEqualTo("aaa\nbbb\n");
        assertThat(new String(readSplit(file, 4, 8), StandardCharsets.UTF_8)).isEqualTo("ccc\n");
    }

    @Test
    void countsBytesTakenFromTheUnderlyingStream() throws IOException {
        byte[] file = new byte[200_000];
        Arrays.fill(file, (byte) 'x');
        file[150_000] = '\n';
        try (SplitLineInputStream in = new SplitLineInputStream(new ByteArrayInputStream(file), false, 100_000)) {
            assertThat(in.readAllBytes()).hasSize(150_001);
            assertThat(in.bytesRead()).isGreaterThanOrEqualTo(150_001).isLessThanOrEqualTo(file.length);
        }
    }
}
