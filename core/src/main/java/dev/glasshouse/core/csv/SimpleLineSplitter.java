package dev.glasshouse.core.csv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The fast path of CSV reading: splits the lines of a UTF-8 byte stream at the delimiter, as long as a line is
 * simple, meaning it holds no quote, no escape character and no carriage return. Such a line means exactly its
 * delimiter-separated bytes to any CSV parser (commons-csv included), so nothing is decoded or copied here: fields
 * are ranges of one buffer, and a reader converts only the fields it wants. All three special characters and the
 * delimiter are ASCII, and in UTF-8 an ASCII byte is never part of another character, so scanning bytes is exact.
 *
 * <p>At the first line that is not simple, the splitter stops; {@link #rest()} gives that line and everything after
 * it, for the full parser to take over.
 */
final class SimpleLineSplitter {
    /** What {@link #next()} found. */
    enum Line { SIMPLE, NOT_SIMPLE, END }

    private final InputStream in;
    private final byte delimiter;
    /** Quote, escape and '\r': bytes that make a line not simple; -1 for a disabled quote or escape. */
    private final int quote;
    private final int escape;
    private byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean endOfStream;
    /** Start of the current line in {@code buffer}. */
    private int lineStart;
    /** Field i of the current line is {@code buffer[starts[i], ends[i])}. */
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int fields;

    /**
     * @param quote  the quote byte, or -1 when quoting is off
     * @param escape the escape byte, or -1 when escaping is off
     */
    SimpleLineSplitter(InputStream in, byte delimiter, int quote, int escape) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape;
    }

    /** Reads the next line, without its '\n'. */
    Line next() throws IOException {
        while (true) {
            int end = scanLine();
            if (end >= 0) {
                position = end + 1;
                return fields < 0 ? Line.NOT_SIMPLE : Line.SIMPLE;
            }
            if (fields < 0) return Line.NOT_SIMPLE;
            if (endOfStream) {
                if (lineStart == limit) return Line.END;
                // A last line without '\n'.
                position = limit;
                return Line.SIMPLE;
            }
            fill();
        }
    }

    /**
     * Splits the line starting at {@code position}; returns the index of its '\n', or -1 when the buffer ends first
     * (then the line is split again after {@link #fill()}). {@code fields} is -1 for a line that is not simple.
     */
    private int scanLine() {
        lineStart = position;
        fields = 0;
        int fieldStart = position;
        byte[] b = buffer;
        for (int i = position; i < limit; i++) {
            byte c = b[i];
            if (c == '\n') {
                addField(fieldStart, i);
                return i;
            } else if (c == delimiter) {
                addField(fieldStart, i);
                fieldStart = i + 1;
            } else if (c == '\r' || c == quote || c == escape) {
                fields = -1;
                return -1;
            }
        }
        if (endOfStream) addField(fieldStart, limit);
        return -1;
    }

    private void addField(int start, int end) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
        }
        starts[fields] = start;
        ends[fields] = end;
        fields++;
    }

    /** Keeps the current partial line at the start of the buffer (growing it for a long line) and reads more. */
    private void fill() throws IOException {
        int kept = limit - lineStart;
        if (kept == buffer.length) buffer = Arrays.copyOf(buffer, buffer.length * 2);
        System.arraycopy(buffer, lineStart, buffer, 0, kept);
        position = 0;
        lineStart = 0;
        limit = kept;
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            endOfStream = true;
        } else {
            limit += n;
        }
    }

    byte[] buffer() {
        return buffer;
    }

    int fieldCount() {
        return fields;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    /** The current line is empty (a blank line: no row). */
    boolean isBlank() {
        return fields == 1 && starts[0] == ends[0];
    }

    /** After {@link Line#NOT_SIMPLE}: the bytes from the start of that line on, then the rest of the stream. */
    InputStream rest() {
        return new SequenceInputStream(new ByteArrayInputStream(buffer, lineStart, limit - lineStart), in);
    }
}
