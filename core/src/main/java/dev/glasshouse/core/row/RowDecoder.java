package dev.glasshouse.core.row;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads rows written by {@link RowEncoder}, one at a time, so a block of any size streams through in
 * constant memory. A stream that ends inside a row is corrupt and raises {@link EOFException}.
 */
public final class RowDecoder implements Iterator<Row> {
    private final DataType[] types;
    private final InputStream in;
    private final byte[] bitmap;
    private Row next;
    private boolean finished;
    private long bytesRead;

    public RowDecoder(DataType[] types, InputStream in) {
        this.types = types.clone();
        this.in = in;
        this.bitmap = new byte[Math.max(1, (types.length + 7) / 8)];
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            try {
                next = readRow();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (next == null) finished = true;
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

    public long bytesRead() {
        return bytesRead;
    }

    /** The next row, or null at a clean end of stream. */
    private Row readRow() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        bytesRead++;
        bitmap[0] = (byte) first;
        for (int i = 1; i < bitmap.length; i++) bitmap[i] = (byte) readByte();
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if ((bitmap[i >>> 3] & (1 << (i & 7))) != 0) continue;
            values[i] = switch (types[i].kind()) {
                case BOOLEAN -> readByte() != 0;
                case INT -> (int) unZigZag(readVarLong());
                case LONG -> unZigZag(readVarLong());
                case DOUBLE -> Double.longBitsToDouble(readLong());
                case DECIMAL -> new BigDecimal(new BigInteger(readBytes("decimal")), types[i].scale());
                case STRING -> new String(readBytes("string"), StandardCharsets.UTF_8);
                case DATE -> LocalDate.ofEpochDay(unZigZag(readVarLong()));
                case TIMESTAMP -> DateTimeText.fromEpochMicros(unZigZag(readVarLong()));
            };
        }
        return new Row(values);
    }

    private byte[] readBytes(String what) throws IOException {
        int length = (int) readVarLong();
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) throw new EOFException("row block ends inside a " + what);
        bytesRead += length;
        return bytes;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) throw new EOFException("row block ends inside a row");
        bytesRead++;
        return b;
    }

    private long readVarLong() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new IOException("malformed varint in row block");
    }

    private long readLong() throws IOException {
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | readByte();
        return v;
    }

    private static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }
}
