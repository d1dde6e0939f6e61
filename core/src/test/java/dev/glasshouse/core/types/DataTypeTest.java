package dev.glasshouse.core.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DataTypeTest {
    @Test
    void parsesSqlNamesAndPrintsThemBack() {
        assertThat(DataType.parse("decimal(10,2)")).isEqualTo(DataType.decimal(10, 2));
        assertThat(DataType.parse(" DECIMAL( 12 , 3 ) ").sqlName()).isEqualTo("decimal(12,3)");
        assertThat(DataType.parse("decimal")).isEqualTo(DataType.decimal(10, 0));
        assertThat(DataType.parse("date")).isSameAs(DataType.DATE);
        assertThat(DataType.parse("timestamp")).isSameAs(DataType.TIMESTAMP);
        assertThat(DataType.parse("bigint")).isSameAs(DataType.LONG);
        assertThat(Schema.parseDdl("price decimal(10,2), day date").toString()).isEqualTo("[price:decimal(10,2), day:date]");
        assertThatThrownBy(() -> DataType.parse("decimal(40,2)"))
                .hasMessage("decimal(40,2) is not a valid type: precision must be 1 to 38 and scale 0 to the precision");
        assertThatThrownBy(() -> DataType.parse("money"))
                .hasMessage("unknown type 'money': use one of boolean, int, long, double, decimal(p,s), string, date, "
                        + "timestamp");
    }

    @Test
    void travelsThroughJacksonAsItsSqlName() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.writeValueAsString(DataType.decimal(10, 2))).isEqualTo("\"decimal(10,2)\"");
        assertThat(mapper.readValue("\"decimal(10,2)\"", DataType.class)).isEqualTo(DataType.decimal(10, 2));
        assertThat(mapper.readValue("\"date\"", DataType.class)).isSameAs(DataType.DATE);
        Field field = new Field("at", DataType.TIMESTAMP);
        assertThat(mapper.readValue(mapper.writeValueAsString(field), Field.class)).isEqualTo(field);
    }

    @Test
    void widensNumbersLikeSpark() {
        assertThat(DataType.widerNumeric(DataType.INT, DataType.LONG)).isSameAs(DataType.LONG);
        assertThat(DataType.widerNumeric(DataType.decimal(10, 2), DataType.DOUBLE)).isSameAs(DataType.DOUBLE);
        assertThat(DataType.widerNumeric(DataType.decimal(10, 2), DataType.INT)).isEqualTo(DataType.decimal(12, 2));
        assertThat(DataType.widerNumeric(DataType.decimal(5, 4), DataType.decimal(10, 0)))
                .isEqualTo(DataType.decimal(14, 4));
    }

    @Test
    void coercesLooseValuesToTheTypesJavaClass() {
        assertThat(DataType.decimal(5, 2).coerce(1)).isEqualTo(new BigDecimal("1.00"));
        assertThat(DataType.decimal(5, 2).coerce("1.005")).isEqualTo(new BigDecimal("1.01"));
        assertThat(DataType.DATE.coerce("2024-01-05")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(DataType.TIMESTAMP.coerce("2024-01-05T10:00:00.1234567Z"))
                .isEqualTo(Instant.parse("2024-01-05T10:00:00.123456Z"));
        assertThat(DataType.DATE.coerce(null)).isNull();
    }

    @Test
    void timestampsReadInUtcAndPrintLikeSpark() {
        assertThat(DateTimeText.parseTimestamp("2024-01-05 10:00:00")).isEqualTo(Instant.parse("2024-01-05T10:00:00Z"));
        assertThat(DateTimeText.parseTimestamp("2024-01-05T12:00:00.5+02:00"))
                .isEqualTo(Instant.parse("2024-01-05T10:00:00.5Z"));
        assertThat(DateTimeText.format(Instant.parse("2024-01-05T10:00:00Z"))).isEqualTo("2024-01-05 10:00:00");
        assertThat(DateTimeText.format(Instant.parse("2024-01-05T10:00:00.120Z"))).isEqualTo("2024-01-05 10:00:00.12");
        assertThatThrownBy(() -> DateTimeText.parseTimestamp("2024-01-05")).hasMessageContaining("is not a timestamp");
        assertThatThrownBy(() -> DateTimeText.parseDate("2023-02-29")).hasMessageContaining("is not a date");
    }
}
