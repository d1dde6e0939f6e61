package dev.glasshouse.core.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarFunctionTest {
    private static final BoundColumn NAME = new BoundColumn(0, "name", DataType.STRING);
    private static final BoundColumn QTY = new BoundColumn(1, "qty", DataType.INT);
    private static final BoundColumn AT = new BoundColumn(2, "at", DataType.TIMESTAMP);
    private static final Literal NULL = new Literal(null, DataType.STRING);

    private static Object eval(Expression e, Object... values) {
        return e.eval(new Row(values));
    }

    @Test
    void inIsTrueFalseOrUnknown() {
        In in = new In(QTY, List.of(Literal.of(1), Literal.of(2L)));
        assertThat(eval(in, "x", 2)).isEqualTo(true);
        assertThat(eval(in, "x", 3)).isEqualTo(false);
        assertThat(eval(in, "x", null)).isNull();
        In withNull = new In(QTY, List.of(Literal.of(1), new Literal(null, DataType.INT)));
        assertThat(eval(withNull, "x", 1)).isEqualTo(true);
        assertThat(eval(withNull, "x", 3)).isNull();
        assertThat(in.toString()).isEqualTo("(qty#1 IN (1, 2))");
        assertThat(in.outputName()).isEqualTo("(qty IN (1, 2))");
    }

    @Test
    void likeMatchesWildcardsAndEscapes() {
        assertThat(Like.matches("India", "In%")).isTrue();
        assertThat(Like.matches("India", "%di_")).isTrue();
        assertThat(Like.matches("India", "_n")).isFalse();
        assertThat(Like.matches("", "%")).isTrue();
        assertThat(Like.matches("abcbc", "a%bc")).isTrue();
        assertThat(Like.matches("100%", "100\\%")).isTrue();
        assertThat(Like.matches("1000", "100\\%")).isFalse();
        assertThat(Like.matches("a_b", "a\\_b")).isTrue();
        assertThat(Like.matches("axb", "a\\_b")).isFalse();
        assertThat(Like.matches("India", "india")).isFalse();
        assertThat(eval(new Like(NAME, "I%"), (Object) null)).isNull();
        assertThatThrownBy(() -> new Like(NAME, "abc\\")).hasMessageContaining("ends with the escape character");
    }

    @Test
    void castFollowsSparksNonAnsiRules() {
        assertThat(Cast.convert("42", DataType.INT)).isEqualTo(42);
        assertThat(Cast.convert(" 4.9 ", DataType.INT)).isEqualTo(4);
        assertThat(Cast.convert("abc", DataType.INT)).isNull();
        assertThat(Cast.convert("3000000000", DataType.INT)).isNull();
        assertThat(Cast.convert(-2.7, DataType.INT)).isEqualTo(-2);
        assertThat(Cast.convert(Double.NaN, DataType.LONG)).isEqualTo(0L);
        assertThat(Cast.convert(1.0, DataType.STRING)).isEqualTo("1.0");
        assertThat(Cast.convert("12.345", DataType.decimal(5, 2))).isEqualTo(new BigDecimal("12.35"));
        assertThat(Cast.convert("12345.6", DataType.decimal(5, 2))).isNull();
        assertThat(Cast.convert(new BigDecimal("2.50"), DataType.DOUBLE)).isEqualTo(2.5);
        assertThat(Cast.convert("2024-01-05", DataType.DATE)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(Cast.convert("2024-01-05 10:11:12", DataType.DATE)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(Cast.convert("2024-02-30", DataType.DATE)).isNull();
        assertThat(Cast.convert("2024-01-05", DataType.TIMESTAMP)).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
        assertThat(Cast.convert(Instant.parse("2024-01-05T23:59:00Z"), DataType.DATE)).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(Cast.convert(Instant.parse("2024-01-05T10:00:00Z"), DataType.STRING)).isEqualTo("2024-01-05 10:00:00");
        assertThat(Cast.convert("yes", DataType.BOOLEAN)).isEqualTo(true);
        assertThat(Cast.convert("maybe", DataType.BOOLEAN)).isNull();
        assertThat(Cast.convert(true, DataType.INT)).isEqualTo(1);
        assertThat(eval(new Cast(NAME, DataType.INT), (Object) null)).isNull();
        assertThat(Cast.canCast(DataType.DATE, DataType.INT)).isFalse();
        assertThat(new Cast(QTY, DataType.decimal(10, 2)).outputName()).isEqualTo("CAST(qty AS DECIMAL(10,2))");
    }

    @Test
    void caseWhenTakesTheFirstTrueBranchAndWidensValues() {
        CaseWhen caseWhen = new CaseWhen(
                List.of(new Comparison(Comparison.Op.GT, QTY, Literal.of(10)), new IsNull(QTY, false)),
                List.of(Literal.of(1), Literal.of(2.5)), null);
        assertThat(caseWhen.dataType()).isSameAs(DataType.DOUBLE);
        assertThat(eval(caseWhen, "x", 11)).isEqualTo(1.0);
        assertThat(eval(caseWhen, "x", null)).isEqualTo(2.5);
        assertThat(eval(caseWhen, "x", 5)).isNull();
        CaseWhen withElse = new CaseWhen(caseWhen.conditions(), caseWhen.values(), Literal.of(0));
        assertThat(eval(withElse, "x", 5)).isEqualTo(0.0);
        assertThat(withElse.toString()).isEqualTo("CASE WHEN (qty#1 > 10) THEN 1 WHEN (qty#1 IS NULL) THEN 2.5 ELSE 0 END");
        assertThat(withElse.withChildren(withElse.children())).isEqualTo(withElse);
    }

    @Test
    void coalesceTakesTheFirstNonNull() {
        Coalesce coalesce = new Coalesce(List.of(QTY, Literal.of(0L)));
        assertThat(coalesce.dataType()).isSameAs(DataType.LONG);
        assertThat(eval(coalesce, "x", 3)).isEqualTo(3L);
        assertThat(eval(coalesce, "x", null)).isEqualTo(0L);
        assertThat(eval(new Coalesce(List.of(NAME, NULL)), (Object) null)).isNull();
        assertThat(coalesce.outputName()).isEqualTo("coalesce(qty, 0)");
    }

    @Test
    void stringFunctionsAreSparksAndPassNullThrough() {
        assertThat(eval(new StringFunction(StringFunction.Op.UPPER, NAME), "India")).isEqualTo("INDIA");
        assertThat(eval(new StringFunction(StringFunction.Op.LOWER, NAME), "India")).isEqualTo("india");
        assertThat(eval(new StringFunction(StringFunction.Op.TRIM, NAME), "  a b \t ")).isEqualTo("a b \t");
        assertThat(eval(new StringFunction(StringFunction.Op.LENGTH, NAME), "日本🚀")).isEqualTo(3);
        assertThat(eval(new StringFunction(StringFunction.Op.UPPER, NAME), (Object) null)).isNull();
        assertThat(new StringFunction(StringFunction.Op.UPPER, NAME).outputName()).isEqualTo("upper(name)");
    }

    @Test
    void substringIsOneBasedLikeSpark() {
        assertThat(Substring.substring("Spark SQL", 1, 5)).isEqualTo("Spark");
        assertThat(Substring.substring("Spark SQL", 0, 5)).isEqualTo("Spark");
        assertThat(Substring.substring("Spark SQL", 7, 100)).isEqualTo("SQL");
        assertThat(Substring.substring("Spark SQL", -3, 2)).isEqualTo("SQ");
        assertThat(Substring.substring("Spark SQL", 20, 2)).isEmpty();
        assertThat(Substring.substring("Spark SQL", 2, 0)).isEmpty();
        assertThat(eval(new Substring(NAME, 1, 2), (Object) null)).isNull();
        assertThat(new Substring(NAME, 1, 2).outputName()).isEqualTo("substring(name, 1, 2)");
    }

    @Test
    void concatIsNullWhenAnyArgumentIsNull() {
        Concat concat = new Concat(List.of(NAME, Literal.of("-"), QTY));
        assertThat(eval(concat, "a", 7)).isEqualTo("a-7");
        assertThat(eval(concat, "a", null)).isNull();
    }

    @Test
    void dateFunctionsWorkInUtc() {
        Instant at = Instant.parse("2024-05-17T23:30:15.5Z");
        assertThat(eval(new DatePart(DatePart.Part.YEAR, AT), "x", 1, at)).isEqualTo(2024);
        assertThat(eval(new DatePart(DatePart.Part.MONTH, AT), "x", 1, at)).isEqualTo(5);
        assertThat(eval(new DatePart(DatePart.Part.MONTH, AT), "x", 1, null)).isNull();
        assertThat(eval(new DateTrunc("MONTH", AT), "x", 1, at)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(eval(new DateTrunc("quarter", AT), "x", 1, at)).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(eval(new DateTrunc("week", AT), "x", 1, at)).isEqualTo(Instant.parse("2024-05-13T00:00:00Z"));
        assertThat(eval(new DateTrunc("hour", AT), "x", 1, at)).isEqualTo(Instant.parse("2024-05-17T23:00:00Z"));
        assertThatThrownBy(() -> new DateTrunc("fortnight", AT)).hasMessageContaining("date_trunc unit 'fortnight'");
        assertThat(eval(new ToDate(NAME, null), "2024-01-05")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(eval(new ToDate(NAME, "dd/MM/yyyy"), "05/01/2024")).isEqualTo(LocalDate.of(2024, 1, 5));
        assertThat(eval(new ToDate(NAME, "dd/MM/yyyy"), "2024-01-05")).isNull();
        assertThat(eval(new ToDate(NAME, null), (Object) null)).isNull();
        assertThat(new ToDate(NAME, "dd/MM/yyyy").toString()).isEqualTo("to_date(name#0, 'dd/MM/yyyy')");
    }

    @Test
    void everyNewExpressionSurvivesJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<Expression> expressions = List.of(
                new In(QTY, List.of(Literal.of(1), Literal.of(2))),
                new Like(NAME, "a%"),
                new Cast(NAME, DataType.decimal(10, 2)),
                new CaseWhen(List.of(new IsNull(QTY, false)), List.of(Literal.of(new BigDecimal("1.50"))), QTY),
                new Coalesce(List.of(NAME, Literal.of("none"))),
                new StringFunction(StringFunction.Op.TRIM, NAME),
                new Substring(NAME, 2, 3),
                new Concat(List.of(NAME, NAME)),
                new DatePart(DatePart.Part.YEAR, AT),
                new ToDate(NAME, "yyyy"),
                new DateTrunc("day", AT),
                Literal.of(LocalDate.of(2024, 1, 5)),
                Literal.of(Instant.parse("2024-01-05T10:00:00.000001Z")),
                Literal.of(new BigDecimal("1E+3")));
        for (Expression e : expressions) {
            String json = mapper.writeValueAsString(e);
            assertThat(mapper.readValue(json, Expression.class)).as(json).isEqualTo(e);
        }
    }
}
