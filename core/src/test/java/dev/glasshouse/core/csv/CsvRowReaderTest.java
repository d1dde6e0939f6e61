package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvRowReaderTest {
    private static final Schema SCHEMA = Schema.parseDdl("id int, name string, amount double, ok boolean");
    private static final int[] ALL = {0, 1, 2, 3};
    private static final CsvOptions HEADER = CsvOptions.fromMap(Map.of("header", "true", "mode", "FAILFAST"));
    private static final CsvOptions FAILFAST = CsvOptions.fromMap(Map.of("mode", "FAILFAST"));

    private static CsvRowReader reader(String csv, CsvOptions options, Schema schema, int[] columns) {
        return new CsvRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "s3://raw/sales.csv",
                options, schema, columns);
    }

    private static List<Row> read(String csv, CsvOptions options) {
        return read(csv, options, ALL);
    }

    private static List<Row> read(String csv, CsvOptions options, int[] columns) {
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = reader(csv, options, SCHEMA, columns)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void convertsEachColumnToItsType() {
        assertThat(read("1,apple,2.5,true\n-7,pear,1e3,FALSE\n", CsvOptions.defaults())).containsExactly(
                new Row(1, "apple", 2.5, true),
                new Row(-7, "pear", 1000.0, false));
    }

    @Test
    void quotedFieldsHoldDelimitersAndLineBreaks() {
        String csv = "1,\"Smith, John\",2.5,true\n2,\"line one\nline two\",3,false\n";
        assertThat(read(csv, CsvOptions.defaults())).containsExactly(
                new Row(1, "Smith, John", 2.5, true),
                new Row(2, "line one\nline two", 3.0, false));
    }

    @Test
    void doubledQuotesAndBackslashEscapes() {
        String csv = "1,\"say \"\"hi\"\"\",1,true\n"
                + "2,\"back\\\"slash\",1,true\n"
                + "3,a\\,b,1,true\n"
                + "4,\"c:\\\\dir\",1,true\n";
        assertThat(read(csv, CsvOptions.defaults())).extracting(row -> row.get(1)).containsExactly(
                "say \"hi\"", "back\"slash", "a,b", "c:\\dir");
    }

    @Test
    void emptyUnquotedFieldIsNullButQuotedEmptyStringIsAValue() {
        assertThat(read("1,,,\n2,\"\",\"\",\n", CsvOptions.defaults())).containsExactly(
                new Row(1, null, null, null),
                new Row(2, "", null, null));
    }

    @Test
    void nullValueOptionMarksNullsAndQuotingKeepsTheText() {
        CsvOptions options = CsvOptions.fromMap(Map.of("nullValue", "NA"));
        assertThat(read("1,NA,NA,NA\n2,\"NA\",4,true\n", options)).containsExactly(
                new Row(1, null, null, null),
                new Row(2, "NA", 4.0, true));
    }

    @Test
    void headerLineIsSkippedAndBlankLinesAreNoRows() {
        String csv = "id,name,amount,ok\n1,a,1,true\n\n2,b,2,false\n";
        try (CsvRowReader reader = reader(csv, HEADER, SCHEMA, ALL)) {
            List<Row> rows = new ArrayList<>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).containsExactly(new Row(1, "a", 1.0, true), new Row(2, "b", 2.0, false));
            assertThat(reader.rowsRead()).isEqualTo(2);
            assertThat(reader.bytesRead()).isEqualTo(csv.length());
        }
    }

    @Test
    void windowsLineEndingsAndNoFinalNewline() {
        assertThat(read("1,a,1,true\r\n2,b,2,false", CsvOptions.defaults())).containsExactly(
                new Row(1, "a", 1.0, true), new Row(2, "b", 2.0, false));
    }

    @Test
    void keepsOnlyTheSelectedColumnsInTheGivenOrder() {
        assertThat(read("1,a,2.5,true\n", CsvOptions.defaults(), new int[] {2, 0})).containsExactly(new Row(2.5, 1));
    }

    @Test
    void columnsNotSelectedAreNotConverted() {
        assertThat(read("1,a,not-a-number,true\n", CsvOptions.defaults(), new int[] {1})).containsExactly(new Row("a"));
    }

    @Test
    void otherDelimiterAndQuote() {
        CsvOptions options = CsvOptions.fromMap(Map.of("sep", ";", "quote", "'"));
        assertThat(read("1;'x;y';0,5e1;true\n", options, new int[] {1})).containsExactly(new Row("x;y"));
    }

    @Test
    void wrongFieldCountNamesFileAndPhysicalLine() {
        String csv = "id,name,amount,ok\n1,\"two\nlines\",1,true\n2,b,1\n";
        assertThatThrownBy(() -> read(csv, HEADER))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo("s3://raw/sales.csv");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.column()).isNull();
                })
                .hasMessage("s3://raw/sales.csv line 4: expected 4 fields, found 3");
    }

    @Test
    void unreadableNumberNamesLineAndColumn() {
        assertThatThrownBy(() -> read("1,a,1,true\n\n2,b,abc,true\n", FAILFAST))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.column()).isEqualTo("amount"))
                .hasMessage("s3://raw/sales.csv line 3, column 'amount': cannot read 'abc' as double");
        assertThatThrownBy(() -> read("x,a,1,true\n", FAILFAST))
                .hasMessage("s3://raw/sales.csv line 1, column 'id': cannot read 'x' as int");
        assertThatThrownBy(() -> read("1,a,1,yes\n", FAILFAST))
                .hasMessage("s3://raw/sales.csv line 1, column 'ok': cannot read 'yes' as boolean");
    }

    @Test
    void permissiveModeTurnsMalformedRowsIntoNullsAndKeepsTheirText() {
        Schema schema = Schema.parseDdl("id int, _corrupt_record string, amount double");
        String csv = "1,2.5\n2,abc\n\"x\ny\",1,2\r\n4,4.0";
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = reader(csv, CsvOptions.defaults(), schema, new int[] {0, 1, 2})) {
            reader.forEachRemaining(rows::add);
        }
        assertThat(rows).containsExactly(
                new Row(1, null, 2.5),
                new Row(null, "2,abc", null),
                new Row(null, "\"x\ny\",1,2", null),
                new Row(4, null, 4.0));
    }

    @Test
    void permissiveModeWithoutACorruptRecordColumnGivesNulls() {
        assertThat(read("1,a,1,true\n2,b,abc,true\n3,c\n", CsvOptions.defaults())).containsExactly(
                new Row(1, "a", 1.0, true),
                new Row(null, null, null, null),
                new Row(null, null, null, null));
    }

    @Test
    void permissiveModeNamesItsCorruptRecordColumnByOption() {
        Schema schema = Schema.parseDdl("id int, bad string");
        CsvOptions options = CsvOptions.fromMap(Map.of("columnNameOfCorruptRecord", "bad"));
        try (CsvRowReader reader = reader("7\nseven\n", options, schema, new int[] {1, 0})) {
            assertThat(reader.next()).isEqualTo(new Row(null, 7));
            assertThat(reader.next()).isEqualTo(new Row("seven", null));
            assertThat(reader.hasNext()).isFalse();
        }
        assertThatThrownBy(() -> reader("7\n", options, Schema.parseDdl("id int, bad int"), new int[] {0}))
                .hasMessage("the corrupt-record column 'bad' of s3://raw/sales.csv is a int: it must be a string column");
    }

    @Test
    void dropMalformedModeSkipsBadRowsAndCountsOnlyGoodOnes() {
        CsvOptions options = CsvOptions.fromMap(Map.of("mode", "DROPMALFORMED", "header", "true"));
        String csv = "id,name,amount,ok\n1,a,1,true\n2,b,abc,true\n3,c\n4,d,4,false\n";
        try (CsvRowReader reader = reader(csv, options, SCHEMA, ALL)) {
            List<Row> rows = new ArrayList<>();
            reader.forEachRemaining(rows::add);
            assertThat(rows).containsExactly(new Row(1, "a", 1.0, true), new Row(4, "d", 4.0, false));
            assertThat(reader.rowsRead()).isEqualTo(2);
        }
    }

    @Test
    void readsDecimalsDatesAndTimestamps() {
        Schema schema = Schema.parseDdl("price decimal(6,2), day date, at timestamp");
        String csv = "12.345,2024-02-29,2024-01-05T10:00:00Z\n"
                + "-1,2024-01-01,2024-01-05 10:00:00.123456\n"
                + "1.5,2024-01-01,2024-01-05T12:00:00+02:00\n";
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = reader(csv, FAILFAST, schema, new int[] {0, 1, 2})) {
            reader.forEachRemaining(rows::add);
        }
        assertThat(rows).containsExactly(
                new Row(new BigDecimal("12.35"), LocalDate.of(2024, 2, 29), Instant.parse("2024-01-05T10:00:00Z")),
                new Row(new BigDecimal("-1.00"), LocalDate.of(2024, 1, 1), Instant.parse("2024-01-05T10:00:00.123456Z")),
                new Row(new BigDecimal("1.50"), LocalDate.of(2024, 1, 1), Instant.parse("2024-01-05T10:00:00Z")));
        assertThatThrownBy(() -> reader("12345.6,2024-02-30,x\n", FAILFAST, schema, new int[] {0}).next())
                .hasMessage("s3://raw/sales.csv line 1, column 'price': cannot read '12345.6' as decimal(6,2)");
        assertThatThrownBy(() -> reader("1,2024-02-30,x\n", FAILFAST, schema, new int[] {1}).next())
                .hasMessage("s3://raw/sales.csv line 1, column 'day': cannot read '2024-02-30' as date");
    }

    @Test
    void unterminatedQuoteIsAFormatErrorOnItsLine() {
        assertThatThrownBy(() -> read("1,a,1,true\n2,\"open,1,true\n", CsvOptions.defaults()))
                .isInstanceOf(CsvFormatException.class)
                .hasMessageStartingWith("s3://raw/sales.csv line 2: ");
    }

    @Test
    void numbersMayCarrySpacesAndLongsKeepTheirRange() {
        Schema schema = Schema.parseDdl("n long, d double");
        try (CsvRowReader reader = reader(" 9007199254740993 , 1.5 \n", CsvOptions.defaults(), schema,
                new int[] {0, 1})) {
            assertThat(reader.next()).isEqualTo(new Row(9007199254740993L, 1.5));
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void badColumnIndexIsRefused() {
        assertThatThrownBy(() -> reader("1,a,1,true\n", CsvOptions.defaults(), SCHEMA, new int[] {4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column index 4").hasMessageContaining("s3://raw/sales.csv");
    }
}
