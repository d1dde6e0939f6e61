package dev.glasshouse.core.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
    private static final DataType[] TYPES = {DataType.BOOLEAN, DataType.INT, DataType.LONG, DataType.DOUBLE,
        DataType.STRING, DataType.decimal(12, 2), DataType.DATE, DataType.TIMESTAMP};

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
                new Row(true, 0, 0L, 0.0, "", new BigDecimal("0.00"), LocalDate.of(1970, 1, 1), Instant.EPOCH),
                new Row(false, Integer.MIN_VALUE, Long.MIN_VALUE, -0.0, "naïve 日本 🚀", new BigDecimal("-9999999999.99"),
                        LocalDate.of(1, 1, 1), Instant.parse("1969-12-31T23:59:59.999999Z")),
                new Row(null, Integer.MAX_VALUE, Long.MAX_VALUE, Double.NaN, null, new BigDecimal("9999999999.99"),
                        LocalDate.of(9999, 12, 31), Instant.parse("9999-12-31T23:59:59.123456Z")),
                new Row(null, null, null, null, null, null, null, null),
                new Row(true, -1, -1L, Double.NEGATIVE_INFINITY, "a,\"b\"\n", new BigDecimal("-0.01"),
                        LocalDate.of(2024, 2, 29), Instant.parse("2024-01-05T10:00:00Z")));
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
                values[c] = switch (wide[c].kind()) {
                    case BOOLEAN -> random.nextBoolean();
                    case INT -> random.nextInt();
                    case LONG -> random.nextLong();
                    case DOUBLE -> random.nextDouble() * 1e6;
                    case STRING -> Long.toString(random.nextLong(), 36);
                    case DECIMAL -> BigDecimal.valueOf(random.nextLong(-999_999_999_999L, 1_000_000_000_000L), 2);
                    case DATE -> LocalDate.ofEpochDay(random.nextLong(-100_000, 100_000));
                    case TIMESTAMP -> DateTimeText.fromEpochMicros(random.nextLong(-4_000_000_000_000_000L,
                            4_000_000_000_000_000L));
                };
            }
            rows.add(new Row(values));
        }
        assertThat(decode(wide, encode(wide, rows))).isEqualTo(rows);
    }

    @Test
    void decimalsAreWrittenAtTheColumnScale() throws IOException {
        DataType[] types = {DataType.decimal(10, 3)};
        List<Row> decoded = decode(types, encode(types, List.of(new Row(new BigDecimal("1.5")))));
        assertThat(decoded.get(0).get(0)).isEqualTo(new BigDecimal("1.500"));
    }

    @Test
    void datesAndTimestampsAreVarintsOfEpochDaysAndMicros() throws IOException {
        // epoch day 1 → zig-zag 2, one byte; 1 µs → zig-zag 2, one byte: one bitmap byte + two value bytes
        DataType[] types = {DataType.DATE, DataType.TIMESTAMP};
        assertThat(encode(types, List.of(new Row(LocalDate.of(1970, 1, 2), Instant.ofEpochSecond(0, 1000)))))
                .hasSize(3);
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
        byte[] bytes = encode(TYPES, List.of(new Row(true, 1, 2L, 3.0, "hello", BigDecimal.ONE, LocalDate.EPOCH,
                Instant.EPOCH)));
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 2);
        assertThatThrownBy(() -> decode(TYPES, truncated))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ends inside");
    }
}
