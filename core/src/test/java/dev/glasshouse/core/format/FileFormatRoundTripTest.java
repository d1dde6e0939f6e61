package dev.glasshouse.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.csv.ParseMode;
import dev.glasshouse.core.json.JsonFormatException;
import dev.glasshouse.core.json.JsonRowReader;
import dev.glasshouse.core.json.JsonSchemaInference;
import dev.glasshouse.core.parquet.ParquetRowReader;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every column type, nulls included, written by one format's writer and read back equal by its reader. */
class FileFormatRoundTripTest {
    private static final Schema ALL_TYPES = Schema.parseDdl("flag boolean, small int, big long, ratio double, "
            + "name string, price decimal(12,2), day date, at timestamp");
    private static final List<Row> ROWS = List.of(
            new Row(new Object[] {true, 7, 9_000_000_000L, 2.5, "Zoë, \"quoted\"\nline", new BigDecimal("1234.50"),
                    LocalDate.of(2024, 2, 29), Instant.parse("2024-01-05T10:00:00.123456Z")}),
            new Row(new Object[] {false, -1, -2L, -0.125, "", new BigDecimal("-0.01"), LocalDate.of(1969, 12, 31),
                    Instant.parse("1969-12-31T23:59:59Z")}),
            new Row(new Object[8]));
    private static final int[] ALL_COLUMNS = {0, 1, 2, 3, 4, 5, 6, 7};

    @TempDir
    Path dir;

    private Path write(FileFormat format) throws IOException {
        Path file = dir.resolve("part." + format.name());
        try (RowFileWriter writer = FileFormats.create(file, format, ALL_TYPES)) {
            ROWS.forEach(writer::write);
            assertThat(writer.rowsWritten()).isEqualTo(3);
        }
        return file;
    }

    private static List<Row> drain(RowFileReader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (reader) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void jsonLinesRoundTripEveryTypeAndLeaveNullFieldsOut() throws IOException {
        Path file = write(new FileFormat.JsonLines(ParseMode.FAILFAST));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo("{}");
        assertThat(lines.get(0)).contains("\"price\":1234.50", "\"day\":\"2024-02-29\"",
                "\"at\":\"2024-01-05T10:00:00.123456Z\"");

        List<Row> back = drain(new JsonRowReader(Files.newInputStream(file), file.toString(), ParseMode.FAILFAST,
                ALL_TYPES, ALL_COLUMNS));

        assertThat(back).isEqualTo(ROWS);
    }

    @Test
    void parquetRoundTripsEveryTypeAndReadsOnlyTheSelectedColumns() throws IOException {
        Path file = write(new FileFormat.Parquet());

        List<Row> back = drain(new ParquetRowReader(file, file.toString(), ALL_TYPES, ALL_COLUMNS, null));
        List<Row> pruned = drain(new ParquetRowReader(file, file.toString(), ALL_TYPES, new int[] {7, 4}, null));

        assertThat(back).isEqualTo(ROWS);
        assertThat(pruned).containsExactly(new Row(new Object[] {ROWS.get(0).get(7), ROWS.get(0).get(4)}),
                new Row(new Object[] {ROWS.get(1).get(7), ROWS.get(1).get(4)}), new Row(new Object[2]));
    }

    @Test
    void jsonInferenceGivesLongDoubleBooleanStringInNameOrder() {
        String text = """
                {"b": 1, "a": "x", "c": true, "d": null}
                {"b": 2.5, "a": 3, "e": false}

                {"a": null, "d": null}
                """;

        Schema schema = JsonSchemaInference.infer(stream(text), "s3://raw/t.json", 100);

        assertThat(schema).isEqualTo(Schema.parseDdl("a string, b double, c boolean, d string, e boolean"));
    }

    @Test
    void jsonInferenceRefusesANestedFieldNamingIt() {
        assertThatThrownBy(() -> JsonSchemaInference.infer(stream("{\"a\": 1}\n{\"tags\": [1, 2]}\n"),
                "s3://raw/t.json", 100))
                .isInstanceOf(JsonFormatException.class)
                .hasMessageStartingWith("s3://raw/t.json line 2, field 'tags': nested arrays are not supported");
    }

    @Test
    void malformedJsonLinesFollowTheParseMode() throws IOException {
        String text = "{\"n\": 1}\n{\"n\": \"abc\"}\nnot json\n{\"n\": 4}\n";
        Schema schema = Schema.parseDdl("n long");

        assertThat(drain(new JsonRowReader(stream(text), "f.json", ParseMode.PERMISSIVE, schema, new int[] {0})))
                .containsExactly(new Row(new Object[] {1L}), new Row(new Object[1]), new Row(new Object[1]),
                        new Row(new Object[] {4L}));
        assertThat(drain(new JsonRowReader(stream(text), "f.json", ParseMode.DROPMALFORMED, schema, new int[] {0})))
                .containsExactly(new Row(new Object[] {1L}), new Row(new Object[] {4L}));
        assertThatThrownBy(() -> drain(new JsonRowReader(stream(text), "f.json", ParseMode.FAILFAST, schema,
                new int[] {0})))
                .isInstanceOf(JsonFormatException.class)
                .hasMessage("f.json line 2, field 'n': cannot read \"abc\" as long");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
