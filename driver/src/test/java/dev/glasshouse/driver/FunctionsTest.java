package dev.glasshouse.driver;

import static dev.glasshouse.driver.functions.coalesce;
import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.concat;
import static dev.glasshouse.driver.functions.date_trunc;
import static dev.glasshouse.driver.functions.lit;
import static dev.glasshouse.driver.functions.month;
import static dev.glasshouse.driver.functions.substring;
import static dev.glasshouse.driver.functions.to_date;
import static dev.glasshouse.driver.functions.upper;
import static dev.glasshouse.driver.functions.when;
import static dev.glasshouse.driver.functions.year;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.analysis.Analyzer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The Column/functions API, analyzed against a schema and evaluated on one row, as an executor would. */
class FunctionsTest {
    private static final Schema SCHEMA = Schema.parseDdl(
            "country string, qty int, price decimal(10,2), day date, at timestamp, raw string");
    private static final Row ROW = new Row("in", 3, new BigDecimal("9.99"), LocalDate.of(2024, 5, 17),
            Instant.parse("2024-05-17T10:30:00Z"), "2024-01-05");
    private static final Row NULLS = new Row(null, null, null, null, null, null);

    private static Expression analyzed(Column column) {
        return new Analyzer().resolve(column.expression(), SCHEMA);
    }

    private static Object eval(Column column, Row row) {
        return analyzed(column).eval(row);
    }

    @Test
    void unaliasedOutputsAreNamedLikeSpark() {
        assertThat(analyzed(upper(col("country"))).outputName()).isEqualTo("upper(country)");
        assertThat(analyzed(year(col("day"))).outputName()).isEqualTo("year(day)");
        assertThat(analyzed(substring(col("country"), 1, 2)).outputName()).isEqualTo("substring(country, 1, 2)");
        assertThat(analyzed(col("qty").cast("string")).outputName()).isEqualTo("CAST(qty AS STRING)");
        assertThat(analyzed(upper(col("country")).alias("c")).outputName()).isEqualTo("c");
    }

    @Test
    void isinBetweenAndLike() {
        assertThat(eval(col("country").isin("in", "us"), ROW)).isEqualTo(true);
        assertThat(eval(col("qty").isin(1, 2), ROW)).isEqualTo(false);
        assertThat(eval(col("qty").isin(1, 2), NULLS)).isNull();
        assertThat(eval(col("qty").between(3, 5), ROW)).isEqualTo(true);
        assertThat(eval(col("price").between(10, 20), ROW)).isEqualTo(false);
        assertThat(eval(col("country").like("i_"), ROW)).isEqualTo(true);
        assertThat(eval(col("qty").like("3%"), ROW)).isEqualTo(true);
        assertThatThrownBy(() -> analyzed(col("qty").isin("a")))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("cannot compare int column 'qty' with string 'a'");
    }

    @Test
    void whenOtherwiseAndCoalesce() {
        Column size = when(col("qty").gt(10), "big").when(col("qty").gt(1), "some").otherwise("none");
        assertThat(eval(size, ROW)).isEqualTo("some");
        assertThat(eval(size, NULLS)).isEqualTo("none");
        assertThat(eval(when(col("qty").gt(10), "big"), ROW)).isNull();
        assertThat(eval(coalesce(col("qty"), lit(0L)), NULLS)).isEqualTo(0L);
        assertThatThrownBy(() -> col("qty").otherwise(1)).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("otherwise() can only be applied on a column made by when(...)");
        assertThatThrownBy(() -> analyzed(when(col("qty").gt(1), 1).otherwise("x")))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("have no common type");
        assertThatThrownBy(() -> analyzed(when(col("qty"), 1)))
                .hasMessageContaining("condition int column 'qty'").hasMessageContaining("must be a boolean");
    }

    @Test
    void castsAndImplicitDateCasts() {
        assertThat(eval(col("raw").cast("date"), ROW)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(eval(col("country").cast("int"), ROW)).isNull();
        assertThat(eval(col("price").cast("int"), ROW)).isEqualTo(9);
        assertThat(eval(col("price").multiply(col("qty")), ROW)).isEqualTo(new BigDecimal("29.97"));
        assertThat(analyzed(col("price").multiply(col("qty"))).dataType()).isEqualTo(DataType.decimal(21, 2));
        assertThat(eval(col("day").geq("2024-05-01"), ROW)).isEqualTo(true);
        assertThat(eval(col("at").lt(col("day")), ROW)).isEqualTo(false);
        assertThatThrownBy(() -> analyzed(col("day").cast("int")))
                .isInstanceOf(AnalysisException.class).hasMessageContaining("cannot cast date column 'day' to int");
    }

    @Test
    void stringAndDateFunctions() {
        assertThat(eval(concat(upper(col("country")), lit("-"), col("qty")), ROW)).isEqualTo("IN-3");
        assertThat(eval(concat(col("country"), col("qty")), NULLS)).isNull();
        assertThat(eval(year(col("at")), ROW)).isEqualTo(2024);
        assertThat(eval(month(col("raw")), ROW)).isEqualTo(1);
        assertThat(eval(to_date(col("raw")), ROW)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(eval(date_trunc("month", col("day")), ROW)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThatThrownBy(() -> analyzed(year(col("qty"))))
                .hasMessageContaining("int column 'qty' in year(qty#1) must be a date, timestamp or string");
    }
}
