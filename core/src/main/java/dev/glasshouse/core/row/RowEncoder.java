package dev.glasshouse.core.row;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes rows of one schema in Glasshouse's compact binary form, the format of shuffle and result blocks.
 *
 * <p>Per row: a null bitmap of ceil(n/8) bytes (bit i set = column i is null), then each non-null value:
 * BOOLEAN one byte; INT and LONG as zig-zag varints (small numbers take one or two bytes); DOUBLE eight bytes
 * big-endian; STRING a varint byte length and UTF-8 bytes; DATE the zig-zag varint of its epoch day; TIMESTAMP the
 * zig-zag varint of its epoch microseconds; DECIMAL(p,s) the unscaled value at scale s as a varint byte length and
 * big-endian two's-complement bytes (the scale is the column type's, so it is not written). Rows follow each other with no framing; the end of the
 * stream ends the block. A schema with no columns writes one marker byte per row so row counts survive.
 *
 * <p>Not thread-safe. Buffer the stream yourself; this class writes byte by byte.
 */
public final class RowEncoder {
    private final DataType[] types;
    private final OutputStream out;
    private final byte[] bitmap;
    private long bytesWritten;
    private long rowsWritten;

    public RowEncoder(DataType[] types, OutputStream out) {
        this.types = types.clone();
        this.out = out;
        this.bitmap = new byte[Math.max(1, (types.length + 7) / 8)];
    }

    public void write(Row row) throws IOException {
        java.util.Arrays.fill(bitmap, (byte) 0);
        for (int i = 0; i < types.length; i++) {
            if (row.get(i) == null) bitmap[i >>> 3] |= (byte) (1 << (i & 7));
        }
        out.write(bitmap);
        bytesWritten += bitmap.length;
        for (int i = 0; i < types.length; i++) {
            Object v = row.get(i);
            if (v == null) continue;
            switch (types[i].kind()) {
                case BOOLEAN -> writeByte(((Boolean) v) ? 1 : 0);
                case INT -> writeVarLong(zigZag(((Number) v).intValue()));
                case LONG -> writeVarLong(zigZag(((Number) v).longValue()));
                case DOUBLE -> writeLong(Double.doubleToRawLongBits(((Number) v).doubleValue()));
                case DECIMAL -> writeBytes(((BigDecimal) v).setScale(types[i].scale(), RoundingMode.HALF_UP)
                        .unscaledValue().toByteArray());
                case STRING -> writeBytes(((String) v).getBytes(StandardCharsets.UTF_8));
                case DATE -> writeVarLong(zigZag(((LocalDate) v).toEpochDay()));
                case TIMESTAMP -> writeVarLong(zigZag(DateTimeText.epochMicros((Instant) v)));
            }
        }
        rowsWritten++;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    private static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void writeByte(int b) throws IOException {
        out.write(b);
        bytesWritten++;
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
        out.write(bytes);
        bytesWritten += bytes.length;
    }

    private void writeLong(long v) throws IOException {
        for (int shift = 56; shift >= 0; shift -= 8) writeByte((int) (v >>> shift) & 0xFF);
    }
}
