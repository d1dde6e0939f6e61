package dev.glasshouse.core.exec.spill;

import dev.glasshouse.core.row.Row;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads back the rows of a {@link SpillWriter} file, one at a time, in the order written. Closes the file at its
 * end; {@link #close()} closes it early. With {@code deleteWhenDone} the file is deleted as soon as it is closed, so
 * a long merge frees disk as it goes. Not thread-safe.
 */
public final class SpillReader implements Iterator<Row>, AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path file;
    private final boolean deleteWhenDone;
    private final InputStream in;
    /** Dropped on close: the task may keep a closed reader referenced until it ends. */
    private byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private Row next;
    private boolean closed;

    public SpillReader(Path file, boolean deleteWhenDone) throws IOException {
        this.file = file;
        this.deleteWhenDone = deleteWhenDone;
        this.in = Files.newInputStream(file);
    }

    @Override
    public boolean hasNext() {
        if (next == null && !closed) {
            try {
                next = readRow();
                if (next == null) close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spill file " + file, e);
            }
        }
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row row = next;
        next = null;
        return row;
    }

    /** The next row, or null at the end of the file. */
    private Row readRow() throws IOException {
        if (position == limit && !fill()) return null;
        int columns = (int) readVarLong();
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) values[i] = readValue();
        return new Row(values);
    }

    private Object readValue() throws IOException {
        int tag = readByte();
        return switch (tag) {
            case SpillTags.NULL -> null;
            case SpillTags.FALSE -> Boolean.FALSE;
            case SpillTags.TRUE -> Boolean.TRUE;
            case SpillTags.INT -> (int) unZigZag(readVarLong());
            case SpillTags.LONG -> unZigZag(readVarLong());
            case SpillTags.DOUBLE -> {
                long bits = 0;
                for (int i = 0; i < 8; i++) bits = (bits << 8) | readByte();
                yield Double.longBitsToDouble(bits);
            }
            case SpillTags.STRING -> new String(readBytes(), StandardCharsets.UTF_8);
            case SpillTags.DECIMAL -> {
                int scale = (int) unZigZag(readVarLong());
                yield new BigDecimal(new BigInteger(readBytes()), scale);
            }
            case SpillTags.DATE -> LocalDate.ofEpochDay(unZigZag(readVarLong()));
            case SpillTags.TIMESTAMP -> {
                long seconds = unZigZag(readVarLong());
                yield Instant.ofEpochSecond(seconds, readVarLong());
            }
            case SpillTags.ARRAY -> {
                Object[] array = new Object[(int) readVarLong()];
                for (int i = 0; i < array.length; i++) array[i] = readValue();
                yield array;
            }
            default -> throw new IOException("corrupt spill file " + file + ": unknown value tag " + tag);
        };
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) return false;
        position = 0;
        limit = n;
        return true;
    }

    private int readByte() throws IOException {
        if (position == limit && !fill()) throw new EOFException("spill file " + file + " ends inside a row");
        return buffer[position++] & 0xFF;
    }

    private byte[] readBytes() throws IOException {
        int length = (int) readVarLong();
        byte[] bytes = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit && !fill()) throw new EOFException("spill file " + file + " ends inside a value");
            int n = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, bytes, copied, n);
            position += n;
            copied += n;
        }
        return bytes;
    }

    private long readVarLong() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IOException("corrupt spill file " + file + ": malformed varint");
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Closes (and, if asked, deletes) the file. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        buffer = null;
        try {
            in.close();
        } finally {
            if (deleteWhenDone) Files.deleteIfExists(file);
        }
    }
}
