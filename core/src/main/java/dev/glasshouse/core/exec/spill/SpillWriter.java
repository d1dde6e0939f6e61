package dev.glasshouse.core.exec.spill;

import dev.glasshouse.core.row.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes rows to a local spill file, to be read back once by {@link SpillReader} in the same task.
 *
 * <p>Unlike shuffle blocks, spill files carry their types: operators run on bound expressions and do not know
 * their input's schema, and an aggregation spills partial states next to keys. Per row: the column count as a
 * varint, then each value as a tag byte ({@link SpillTags}) followed by its payload: integers, longs and dates as
 * zig-zag varints, doubles as 8 bytes, strings as a varint length and UTF-8, decimals as a zig-zag varint scale,
 * varint length and two's-complement unscaled bytes, timestamps as zig-zag varint epoch seconds and varint nanos.
 * Nested {@code Object[]} values (aggregation states) are written as a count and their elements.
 *
 * <p>Buffers internally (a plain array, not a synchronized {@code BufferedOutputStream}, since it writes byte by
 * byte). Not thread-safe. Spill files are not compressed: the varint encoding is already compact, and no
 * compression library is a direct, pinned dependency of Glasshouse.
 */
public final class SpillWriter implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private final OutputStream out;
    /** Dropped on close: the task may keep a closed writer referenced until it ends. */
    private byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private long bytesWritten;
    private long rowsWritten;
    private boolean closed;

    public SpillWriter(Path file) throws IOException {
        this.file = file;
        this.out = Files.newOutputStream(file);
    }

    public Path file() {
        return file;
    }

    public void write(Row row) throws IOException {
        writeVarLong(row.size());
        for (int i = 0; i < row.size(); i++) writeValue(row.get(i));
        rowsWritten++;
    }

    /** Bytes written so far, buffered ones included: the file's size once closed. */
    public long bytesWritten() {
        return bytesWritten + position;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            writeByte(SpillTags.NULL);
        } else if (value instanceof Boolean b) {
            writeByte(b ? SpillTags.TRUE : SpillTags.FALSE);
        } else if (value instanceof Integer i) {
            writeByte(SpillTags.INT);
            writeVarLong(zigZag(i));
        } else if (value instanceof Long l) {
            writeByte(SpillTags.LONG);
            writeVarLong(zigZag(l));
        } else if (value instanceof Double d) {
            writeByte(SpillTags.DOUBLE);
            long bits = Double.doubleToRawLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) writeByte((int) (bits >>> shift));
        } else if (value instanceof String s) {
            writeByte(SpillTags.STRING);
            writeBytes(s.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof BigDecimal d) {
            writeByte(SpillTags.DECIMAL);
            writeVarLong(zigZag(d.scale()));
            writeBytes(d.unscaledValue().toByteArray());
        } else if (value instanceof LocalDate d) {
            writeByte(SpillTags.DATE);
            writeVarLong(zigZag(d.toEpochDay()));
        } else if (value instanceof Instant t) {
            writeByte(SpillTags.TIMESTAMP);
            writeVarLong(zigZag(t.getEpochSecond()));
            writeVarLong(t.getNano());
        } else if (value instanceof Object[] array) {
            writeByte(SpillTags.ARRAY);
            writeVarLong(array.length);
            for (Object element : array) writeValue(element);
        } else {
            throw new IllegalArgumentException("cannot spill a value of " + value.getClass().getName()
                    + "; rows hold boolean, int, long, double, decimal, string, date and timestamp values only");
        }
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void writeVarLong(long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        writeByte((int) v);
    }

    private void writeBytes(byte[] bytes) throws IOException {
        writeVarLong(bytes.length);
        if (bytes.length > buffer.length - position) flushBuffer();
        if (bytes.length > buffer.length) {
            out.write(bytes);
            bytesWritten += bytes.length;
        } else {
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }
    }

    private void writeByte(int b) throws IOException {
        if (position == buffer.length) flushBuffer();
        buffer[position++] = (byte) b;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        bytesWritten += position;
        position = 0;
    }

    /** Flushes and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            flushBuffer();
        } finally {
            buffer = null;
            out.close();
        }
    }
}
