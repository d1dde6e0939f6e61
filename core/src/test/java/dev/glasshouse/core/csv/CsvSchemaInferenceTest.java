package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvSchemaInferenceTest {
    private static InputStream in(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void picksTheNarrowestTypeThatReadsEverySampledValue() {
        String csv = "i,l,d,b,s,mixed,nulls,widened\n"
                + "1,3000000000,1.5,true,x,1,,1\n"
                + "-2,4,2,FALSE,y,true,,2.5\n"
                + ",,,,,,,\n";
        Schema schema = CsvSchemaInference.infer(in(csv), CsvOptions.fromMap(Map.of("header", "true")), 100);
        assertThat(schema).isEqualTo(Schema.parseDdl("i int, l long, d double, b boolean, s string, "
                + "mixed string, nulls string, widened double"));
    }

    @Test
    void infersDatesAndTimestampsLikeSpark() {
        String csv = "day,at,mixed,notdate\n"
                + "2024-01-05,2024-01-05 10:00:00,2024-01-05,2024-13-01\n"
                + "2024-02-29,2024-01-05T10:00:00.5Z,2024-01-06T00:00:00,2024-01-01\n";
        Schema schema = CsvSchemaInference.infer(in(csv), CsvOptions.fromMap(Map.of("header", "true")), 100);
        assertThat(schema).isEqualTo(Schema.parseDdl("day date, at timestamp, mixed timestamp, notdate string"));
    }

    @Test
    void onlyTheFirstRowsAreSampled() {
        String csv = "n\n1\n2\nnot a number\n";
        CsvOptions header = CsvOptions.fromMap(Map.of("header", "true"));
        assertThat(CsvSchemaInference.infer(in(csv), header, 2)).isEqualTo(Schema.parseDdl("n int"));
        assertThat(CsvSchemaInference.infer(in(csv), header, 3)).isEqualTo(Schema.parseDdl("n string"));
    }

    @Test
    void withoutHeaderColumnsAreNamedLikeSpark() {
        Schema schema = CsvSchemaInference.infer(in("1,a\n2,b\n"), CsvOptions.defaults(), 10);
        assertThat(schema).isEqualTo(Schema.parseDdl("_c0 int, _c1 string"));
    }

    @Test
    void readHeaderGivesUsableNames() {
        CsvOptions header = CsvOptions.fromMap(Map.of("header", "true"));
        assertThat(CsvSchemaInference.readHeader(in("id,,Amount,amount,\"a,b\"\n1,2,3,4,5\n"), header))
                .containsExactly("id", "_c1", "Amount2", "amount3", "a,b");
        assertThat(CsvSchemaInference.readHeader(in("1,2,3\n"), CsvOptions.defaults()))
                .containsExactly("_c0", "_c1", "_c2");
        assertThat(CsvSchemaInference.readHeader(in(""), header)).isEmpty();
    }

    @Test
    void emptyInputHasAnEmptySchema() {
        assertThat(CsvSchemaInference.infer(in(""), CsvOptions.defaults(), 10).size()).isZero();
    }
}
