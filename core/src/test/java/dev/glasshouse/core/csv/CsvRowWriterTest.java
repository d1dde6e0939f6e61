package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRowWriterTest {
    private static final Schema SCHEMA = Schema.parseDdl("id long, name string, amount double, ok boolean");

    private static String write(CsvOptions options, boolean header, Row... rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvRowWriter writer = new CsvRowWriter(out, SCHEMA, options)) {
            if (header) writer.writeHeader();
            for (Row row : rows) writer.write(row);
            assertThat(writer.rowsWritten()).isEqualTo(rows.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<Row> readBack(String csv, CsvOptions options) {
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = new CsvRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                "written.csv", options, SCHEMA, new int[] {0, 1, 2, 3})) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void writesPlainValuesUnquotedAndQuotesOnlyWhenNeeded() {
        String csv = write(CsvOptions.defaults(), true,
                new Row(1L, "apple", 12.0, true),
                new Row(2L, "Smith, John", 0.1, false),
                new Row(3L, null, null, null),
                new Row(4L, "", 1e20, true));
        assertThat(csv).isEqualTo("id,name,amount,ok\n"
                + "1,apple,12.0,true\n"
                + "2,\"Smith, John\",0.1,false\n"
                + "3,,,\n"
                + "4,\"\",1.0E20,true\n");
    }

    @Test
    void trickyStringsReadBackUnchanged() {
        Row[] rows = {
            new Row(1L, "say \"hi\"", 1.0, true),
            new Row(2L, "two\nlines", 2.0, false),
            new Row(3L, "c:\\new\\table", 3.0, null),
            new Row(4L, "", null, true),
            new Row(5L, null, -0.5, false),
            new Row(6L, "\r\n", Double.NaN, true),
        };
        CsvOptions options = CsvOptions.defaults();
        assertThat(readBack(write(options, false, rows), options)).containsExactly(rows);
    }

    @Test
    void nullValueOptionIsWrittenForNullAndTheSameTextIsQuoted() {
        CsvOptions options = CsvOptions.fromMap(Map.of("nullValue", "NA", "header", "true"));
        Row[] rows = {new Row(1L, null, null, true), new Row(2L, "NA", 1.0, false)};
        String csv = write(options, true, rows);
        assertThat(csv).isEqualTo("id,name,amount,ok\n1,NA,NA,true\n2,\"NA\",1.0,false\n");
        assertThat(readBack(csv, options)).containsExactly(rows);
    }

    @Test
    void withoutQuotingSpecialCharactersAreEscaped() {
        CsvOptions options = CsvOptions.fromMap(Map.of("quote", "", "delimiter", "|"));
        Row row = new Row(1L, "a|b\\c", 1.0, true);
        String csv = write(options, false, row);
        assertThat(csv).isEqualTo("1|a\\|b\\\\c|1.0|true\n");
        assertThat(readBack(csv, options)).containsExactly(row);
    }

    @Test
    void rowOfTheWrongWidthIsRefused() {
        assertThatThrownBy(() -> write(CsvOptions.defaults(), false, new Row(1L, "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 values").hasMessageContaining("4 columns");
    }
}
