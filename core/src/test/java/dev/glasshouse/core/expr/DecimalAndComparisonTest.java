package dev.glasshouse.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.HashPartitioner;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalAndComparisonTest {
    private static final BoundColumn PRICE = new BoundColumn(0, "price", DataType.decimal(10, 2));
    private static final BoundColumn RATE = new BoundColumn(1, "rate", DataType.decimal(5, 4));

    private static Object eval(Expression e, Object... values) {
        return e.eval(new Row(values));
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    @Test
    void decimalArithmeticFollowsSparksPrecisionAndScale() {
        Arithmetic add = new Arithmetic(Arithmetic.Op.ADD, PRICE, RATE);
        assertThat(add.dataType()).isEqualTo(DataType.decimal(13, 4));
        assertThat(eval(add, dec("10.25"), dec("0.1250"))).isEqualTo(dec("10.3750"));
        Arithmetic times = new Arithmetic(Arithmetic.Op.MULTIPLY, PRICE, RATE);
        assertThat(times.dataType()).isEqualTo(DataType.decimal(16, 6));
        assertThat(eval(times, dec("10.00"), dec("0.0750"))).isEqualTo(dec("0.750000"));
        Arithmetic divide = new Arithmetic(Arithmetic.Op.DIVIDE, PRICE, Literal.of(3));
        assertThat(divide.dataType()).isEqualTo(DataType.decimal(21, 13));
        assertThat(eval(divide, dec("10.00"))).isEqualTo(dec("3.3333333333333"));
        assertThat(eval(new Arithmetic(Arithmetic.Op.DIVIDE, PRICE, Literal.of(0)), dec("1.00"))).isNull();
        assertThat(eval(new Arithmetic(Arithmetic.Op.REMAINDER, PRICE, Literal.of(3)), dec("10.50")))
                .isEqualTo(dec("1.50"));
        assertThat(eval(add, null, dec("1.0000"))).isNull();
    }

    @Test
    void decimalWithDoubleIsDouble() {
        Arithmetic mixed = new Arithmetic(Arithmetic.Op.MULTIPLY, PRICE, Literal.of(1.5));
        assertThat(mixed.dataType()).isSameAs(DataType.DOUBLE);
        assertThat(eval(mixed, dec("2.00"))).isEqualTo(3.0);
    }

    @Test
    void precisionAbove38KeepsIntegerDigitsAndOverflowIsNull() {
        BoundColumn big = new BoundColumn(0, "big", DataType.decimal(38, 10));
        Arithmetic times = new Arithmetic(Arithmetic.Op.MULTIPLY, big, big);
        assertThat(times.dataType()).isEqualTo(DataType.decimal(38, 6));
        BigDecimal huge = dec("9999999999999999999999999999.0000000000");
        assertThat(eval(times, huge)).isNull();
    }

    @Test
    void comparesDecimalsWithEveryNumberAndDatesInOrder() {
        assertThat(Comparison.compare(dec("1.50"), dec("1.5"))).isZero();
        assertThat(Comparison.compare(dec("2.00"), 2)).isZero();
        assertThat(Comparison.compare(3L, dec("2.99"))).isPositive();
        assertThat(Comparison.compare(dec("0.1"), 0.1)).isZero();
        assertThat(Comparison.compare(LocalDate.of(2024, 1, 1), LocalDate.of(2023, 12, 31))).isPositive();
        assertThat(Comparison.compare(Instant.EPOCH, Instant.ofEpochSecond(1))).isNegative();
    }

    @Test
    void decimalSumAndAverageStayDecimal() {
        DataType type = DataType.decimal(10, 2);
        assertThat(AggregateFunction.SUM.resultType(type)).isEqualTo(DataType.decimal(20, 2));
        assertThat(AggregateFunction.AVG.resultType(type)).isEqualTo(DataType.decimal(14, 6));
        Object[] sum = AggregateFunction.SUM.initialState();
        Object[] avg = AggregateFunction.AVG.initialState();
        for (String v : List.of("1.10", "2.20", "0.05")) {
            AggregateFunction.SUM.update(sum, dec(v));
            AggregateFunction.AVG.update(avg, dec(v));
        }
        AggregateFunction.AVG.update(avg, null);
        Object[] other = AggregateFunction.AVG.initialState();
        AggregateFunction.AVG.update(other, dec("0.65"));
        AggregateFunction.AVG.merge(avg, other);
        assertThat(AggregateFunction.SUM.finish(sum)).isEqualTo(dec("3.35"));
        assertThat(AggregateFunction.AVG.finish(avg)).isEqualTo(dec("1.000000"));
        assertThat(AggregateFunction.AVG.finish(AggregateFunction.AVG.initialState())).isNull();
    }

    @Test
    void equalDecimalsOfAnyScaleLandInOnePartition() {
        int[] key = {0};
        int a = HashPartitioner.partition(new Row(dec("1.5")), key, 64);
        assertThat(HashPartitioner.partition(new Row(dec("1.50")), key, 64)).isEqualTo(a);
        assertThat(HashPartitioner.partition(new Row(dec("1.500000")), key, 64)).isEqualTo(a);
        assertThat(HashPartitioner.partition(new Row(LocalDate.of(2024, 1, 5)), key, 64))
                .isEqualTo(HashPartitioner.partition(new Row(LocalDate.parse("2024-01-05")), key, 64));
    }

    @Test
    void literalsOfNewTypesKeepTheirTypeAndPrintAsSql() {
        assertThat(Literal.of(dec("12.50")).type()).isEqualTo(DataType.decimal(4, 2));
        assertThat(Literal.of(dec("12.50")).toString()).isEqualTo("12.50");
        assertThat(Literal.of(LocalDate.of(2024, 1, 5)).toString()).isEqualTo("DATE '2024-01-05'");
        assertThat(Literal.of(Instant.parse("2024-01-05T10:00:00Z")).toString())
                .isEqualTo("TIMESTAMP '2024-01-05 10:00:00'");
    }
}
