package dev.glasshouse.core.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Delivers the lines one split of a line-oriented file (CSV, JSON lines) owns (see {@link dev.glasshouse.core.exec.FileSplit}), from a stream that
 * starts at the split's first byte and may run to the end of the file. A split owns the lines that start after its
 * first byte and at or before its end; the first split also owns the line at byte 0. So:
 * <ul>
 *   <li>unless it starts the file, everything up to and including the first {@code '\n'} is dropped (the previous
 *       split reads that line to its end);</li>
 *   <li>bytes are delivered up to and including the first {@code '\n'} at or past the split's end.</li>
 * </ul>
 * Both splits of a boundary look for the same {@code '\n'}, so every line is read exactly once. Counts the bytes
 * taken from the underlying stream.
 */
public final class SplitLineInputStream extends InputStream {
    private final InputStream in;
    private final long length;
    private final byte[] buffer = new byte[64 * 1024];
    private boolean skipFirstLine;
    private int position;
    private int limit;
    /** Offset, from the split's first byte, of {@code buffer[0]}. */
    private long bufferOffset;
    private boolean finished;

    /**
     * @param in            positioned at the split's first byte
     * @param skipFirstLine true unless the split starts the file
     * @param length        the split's length; {@link Long#MAX_VALUE} delivers the whole stream
     */
    public SplitLineInputStream(InputStream in, boolean skipFirstLine, long length) {
        this.in = in;
        this.skipFirstLine = skipFirstLine;
        this.length = length;
    }

    /** Bytes read from the underlying stream so far. */
    public long bytesRead() {
        return bufferOffset + limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (skipFirstLine) {
            skipFirstLine = false;
            dropPartialLine();
        }
        if (finished || (position == limit && !fill())) return -1;
        int n = Math.min(len, limit - position);
        // Only bytes at offsets >= length can hold the '\n' that ends the split.
        int from = (int) Math.max(position, Math.min(length - bufferOffset, limit));
        for (int i = from; i < position + n; i++) {
            if (buffer[i] == '\n') {
                n = i - position + 1;
                finished = true;
                break;
            }
        }
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        in.close();
    }

    private void dropPartialLine() throws IOException {
        while (position < limit || fill()) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    position = i + 1;
                    // A '\n' at or past the end closes this split's last line: the split owns no line at all.
                    if (bufferOffset + i >= length) finished = true;
                    return;
                }
            }
            position = limit;
        }
    }

    /** Refills the buffer; false at the end of the underlying stream. */
    private boolean fill() throws IOException {
        bufferOffset += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            finished = true;
            return false;
        }
        limit = n;
        return true;
    }
}
