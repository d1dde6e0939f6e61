package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvOptionsTest {
    @Test
    void defaultsAreSparks() {
        assertThat(CsvOptions.defaults()).isEqualTo(new CsvOptions(false, ',', '"', '\\', "", false,
                ParseMode.PERMISSIVE, "_corrupt_record"));
        assertThat(CsvOptions.fromMap(Map.of())).isEqualTo(CsvOptions.defaults());
    }

    @Test
    void readsSparkOptionNamesCaseInsensitively() {
        CsvOptions options = CsvOptions.fromMap(Map.of(
                "header", "true", "sep", "\\t", "QUOTE", "'", "escape", "", "nullValue", "NA", "inferSchema", "TRUE"));
        assertThat(options).isEqualTo(new CsvOptions(true, '\t', '\'', '\0', "NA", true, ParseMode.PERMISSIVE,
                "_corrupt_record"));
        assertThat(CsvOptions.fromMap(Map.of("delimiter", ";")).delimiter()).isEqualTo(';');
    }

    @Test
    void readsParseModeAndCorruptRecordColumnInAnyCase() {
        CsvOptions options = CsvOptions.fromMap(Map.of("MODE", "dropMalformed", "columnnameofcorruptrecord", "bad"));
        assertThat(options.mode()).isEqualTo(ParseMode.DROPMALFORMED);
        assertThat(options.columnNameOfCorruptRecord()).isEqualTo("bad");
        assertThat(CsvOptions.fromMap(Map.of("mode", "failfast")).mode()).isEqualTo(ParseMode.FAILFAST);
    }

    @Test
    void badValuesNameTheOptionAndWhatIsAccepted() {
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("header", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option 'header' must be true or false, got 'yes'");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("delimiter", "::")))
                .hasMessage("option 'delimiter' must be a single character, got '::'");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("delimiter", "")))
                .hasMessageContaining("option 'delimiter' must be a single character");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("multiLine", "true")))
                .hasMessageContaining("unknown CSV option 'multiLine'")
                .hasMessageContaining("header, delimiter (or sep), quote, escape, nullValue, inferSchema, mode, "
                        + "columnNameOfCorruptRecord");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("mode", "lenient")))
                .hasMessage("CSV option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got 'lenient'");
        assertThatThrownBy(() -> CsvOptions.fromMap(Map.of("delimiter", "\"")))
                .hasMessageContaining("'quote' and 'delimiter' must differ");
    }

    @Test
    void survivesJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        CsvOptions options = new CsvOptions(true, '\t', '\'', '\0', "NA", true, ParseMode.DROPMALFORMED, "bad_line");
        String json = mapper.writeValueAsString(options);
        assertThat(mapper.readValue(json, CsvOptions.class)).isEqualTo(options);
        assertThat(mapper.readValue(mapper.writeValueAsString(CsvOptions.defaults()), CsvOptions.class))
                .isEqualTo(CsvOptions.defaults());
    }
}
