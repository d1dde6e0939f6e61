package dev.glasshouse.core.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowEncodingTest {
    private static final DataType[] TYPES = {DataType.BOOLEAN, DataType.INT, DataType.LONG, DataType.DOUBLE, DataType.STRING};

    private static byte[] encode(DataType[] types, List<Row> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowEncoder encoder = new RowEncoder(types, out);
        for (Row row : rows) encoder.write(row);
        assertThat(encoder.bytesWritten()).isEqualTo(out.size());
        return out.toByteArray();
    }

    private static List<Row> decode(DataType[] types, byte[] bytes) {
        List<Row> rows = new ArrayList<>();
        new RowDecoder(types, new ByteArrayInputStream(bytes)).forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void roundTripsEdgeValuesAndNulls() throws IOException {
        List<Row> rows = List.of(
                new Row(true, 0, 0L, 0.0, ""),
                new Row(false, Integer.MIN_VALUE, Long.MIN_VALUE, -0.0, "naïve 日本 🚀"),
                new Row(null, Integer.MAX_VALUE, Long.MAX_VALUE, Double.NaN, null),
                new Row(null, null, null, null, null),
                new Row(true, -1, -1L, Double.NEGATIVE_INFINITY, "a,\"b\"\n"));
        assertThat(decode(TYPES, encode(TYPES, rows))).isEqualTo(rows);
    }

    @Test
    void roundTripsManyRandomRowsOfWideSchemas() throws IOException {
        DataType[] wide = new DataType[19]; // more than two bitmap bytes
        for (int i = 0; i < wide.length; i++) wide[i] = TYPES[i % TYPES.length];
        SplittableRandom random = new SplittableRandom(7);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            Object[] values = new Object[wide.length];
            for (int c = 0; c < wide.length; c++) {
                if (random.nextInt(5) == 0) continue;
                values[c] = switch (wide[c]) {
                    case BOOLEAN -> random.nextBoolean();
                    case INT -> random.nextInt();
                    case LONG -> random.nextLong();
                    case DOUBLE -> random.nextDouble() * 1e6;
                    case STRING -> Long.toString(random.nextLong(), 36);
                };
            }
            rows.add(new Row(values));
        }
        assertThat(decode(wide, encode(wide, rows))).isEqualTo(rows);
    }

    @Test
    void smallNumbersTakeFewBytes() throws IOException {
        DataType[] types = {DataType.LONG};
        // one bitmap byte + one varint byte
        assertThat(encode(types, List.of(new Row(5L)))).hasSize(2);
    }

    @Test
    void zeroColumnRowsKeepTheirCount() throws IOException {
        List<Row> rows = Arrays.asList(new Row(), new Row(), new Row());
        assertThat(decode(new DataType[0], encode(new DataType[0], rows))).hasSize(3);
    }

    @Test
    void truncatedBlockIsAnError() throws IOException {
        byte[] bytes = encode(TYPES, List.of(new Row(true, 1, 2L, 3.0, "hello")));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);
        assertThatThrownBy(() -> decode(TYPES, truncated))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ends inside");
    }
}
