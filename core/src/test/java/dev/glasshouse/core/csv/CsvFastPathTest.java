package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The byte-level fast path of {@link CsvRowReader} (simple lines: no quote, escape or carriage return) must read
 * exactly what commons-csv reads, and hand over to it mid-file without losing a row or a line number.
 */
class CsvFastPathTest {
    private static final Schema SCHEMA = Schema.parseDdl("id long, name string, amount double, n int");
    private static final int[] ALL = {0, 1, 2, 3};
    private static final CsvOptions FAILFAST = CsvOptions.fromMap(Map.of("mode", "FAILFAST"));

    private static List<Row> read(String csv, CsvOptions options, Schema schema, int[] columns) {
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = new CsvRowReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                "s3://raw/x.csv", options, schema, columns)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void plainDecimalsAndIntegersAreTheValuesJavaParsingGives() {
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder csv = new StringBuilder();
        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int digits = 1 + random.nextInt(15);
            long mantissa = random.nextLong((long) Math.pow(10, digits));
            int scale = random.nextInt(digits + 1);
            String text = new java.math.BigDecimal(java.math.BigInteger.valueOf(mantissa), scale).toPlainString();
            if (random.nextBoolean()) text = "-" + text;
            long id = random.nextLong() / (1L << random.nextInt(60));
            int n = random.nextInt();
            csv.append(id).append(",x,").append(text).append(',').append(n).append('\n');
            expected.add(new Row(id, "x", Double.parseDouble(text), n));
        }
        assertThat(read(csv.toString(), FAILFAST, SCHEMA, ALL)).isEqualTo(expected);
    }

    @Test
    void textThatIsNotAPlainNumberIsReadAsJavaReadsIt() {
        String csv = "+7, s ,1e3,-0\n007,t, 2.5 ,+12\n-0,u,-0.0,2147483647\n1,v,.5,1\n2,w,5.,2\n3,x,0x1p3,3\n";
        assertThat(read(csv, FAILFAST, SCHEMA, ALL)).containsExactly(
                new Row(7L, " s ", 1000.0, 0),
                new Row(7L, "t", 2.5, 12),
                new Row(0L, "u", -0.0, Integer.MAX_VALUE),
                new Row(1L, "v", 0.5, 1),
                new Row(2L, "w", 5.0, 2),
                new Row(3L, "x", 8.0, 3));
        assertThatThrownBy(() -> read("1,a,1,2147483648\n", FAILFAST, SCHEMA, ALL))
                .hasMessage("s3://raw/x.csv line 1, column 'n': cannot read '2147483648' as int");
    }

    @Test
    void commonsCsvTakesOverAtTheFirstQuotedLineAndLineNumbersCarryOn() {
        String csv = "1,a,1,1\n2,b,2,2\n3,\"c,\nd\",3,3\n4,e,4,4\n5,f,x,5\n";
        assertThat(read(csv, CsvOptions.defaults(), SCHEMA, new int[] {1, 0})).containsExactly(
                new Row("a", 1L), new Row("b", 2L), new Row("c,\nd", 3L), new Row("e", 4L), new Row("f", 5L));
        assertThatThrownBy(() -> read(csv, FAILFAST, SCHEMA, ALL))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(6))
                .hasMessage("s3://raw/x.csv line 6, column 'amount': cannot read 'x' as double");
    }

    @Test
    void nullValuesBlankLinesHeaderAndALastLineWithoutNewline() {
        CsvOptions options = CsvOptions.fromMap(Map.of("header", "true", "nullValue", "NA", "mode", "FAILFAST"));
        String csv = "id,name,amount,n\n\n1,NA,NA,3\n\n2,,1.5,NA";
        assertThat(read(csv, options, SCHEMA, ALL)).containsExactly(
                new Row(1L, null, null, 3),
                new Row(2L, "", 1.5, null));
    }

    @Test
    void repeatedAndDistinctStringsAndALineLongerThanTheBuffer() {
        StringBuilder csv = new StringBuilder();
        List<Row> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String name = i % 3 == 0 ? "name-" + i : (i % 2 == 0 ? "US" : "ÍN");
            csv.append(i).append(',').append(name).append(",1,1\n");
            expected.add(new Row(name));
        }
        String longName = "y".repeat(200_000);
        csv.append("1,").append(longName).append(",1,1\n");
        expected.add(new Row(longName));
        assertThat(read(csv.toString(), FAILFAST, SCHEMA, new int[] {1})).isEqualTo(expected);
    }

    @Test
    void wrongFieldCountsFollowTheMode() {
        String csv = "1,a,1,1\n2,b,2\n3,c,3,3\n";
        assertThatThrownBy(() -> read(csv, FAILFAST, SCHEMA, ALL))
                .hasMessage("s3://raw/x.csv line 2: expected 4 fields, found 3");
        assertThat(read(csv, CsvOptions.fromMap(Map.of("mode", "DROPMALFORMED")), SCHEMA, ALL))
                .containsExactly(new Row(1L, "a", 1.0, 1), new Row(3L, "c", 3.0, 3));
        assertThat(read(csv, CsvOptions.defaults(), SCHEMA, ALL))
                .containsExactly(new Row(1L, "a", 1.0, 1), new Row(null, null, null, null), new Row(3L, "c", 3.0, 3));
    }
}
