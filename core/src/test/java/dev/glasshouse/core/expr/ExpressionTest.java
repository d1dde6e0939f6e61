package dev.glasshouse.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import org.junit.jupiter.api.Test;

class ExpressionTest {
    private static final BoundColumn AMOUNT = new BoundColumn(0, "amount", DataType.DOUBLE);
    private static final BoundColumn QTY = new BoundColumn(1, "qty", DataType.INT);
    private static final BoundColumn COUNTRY = new BoundColumn(2, "country", DataType.STRING);
    private static final Literal NULL_BOOL = new Literal(null, DataType.BOOLEAN);
    private static final Literal TRUE = Literal.of(true);
    private static final Literal FALSE = Literal.of(false);

    private static Object eval(Expression e, Object... values) {
        return e.eval(new Row(values));
    }

    @Test
    void comparisonWithNullIsUnknown() {
        Expression gt = new Comparison(Comparison.Op.GT, AMOUNT, Literal.of(50));
        assertThat(eval(gt, 60.0, 1, "IN")).isEqualTo(true);
        assertThat(eval(gt, 40.0, 1, "IN")).isEqualTo(false);
        assertThat(eval(gt, null, 1, "IN")).isNull();
        assertThat(eval(new Comparison(Comparison.Op.EQ, COUNTRY, Literal.of("IN")), 1.0, 1, null)).isNull();
    }

    @Test
    void comparesNumbersAcrossTypes() {
        assertThat(eval(new Comparison(Comparison.Op.EQ, QTY, Literal.of(3L)), 0.0, 3, "x")).isEqualTo(true);
        assertThat(eval(new Comparison(Comparison.Op.LT, QTY, Literal.of(2.5)), 0.0, 2, "x")).isEqualTo(true);
    }

    @Test
    void andOrFollowThreeValuedLogic() {
        assertThat(eval(new And(FALSE, NULL_BOOL))).isEqualTo(false);
        assertThat(eval(new And(NULL_BOOL, FALSE))).isEqualTo(false);
        assertThat(eval(new And(TRUE, NULL_BOOL))).isNull();
        assertThat(eval(new And(TRUE, TRUE))).isEqualTo(true);
        assertThat(eval(new Or(TRUE, NULL_BOOL))).isEqualTo(true);
        assertThat(eval(new Or(NULL_BOOL, TRUE))).isEqualTo(true);
        assertThat(eval(new Or(FALSE, NULL_BOOL))).isNull();
        assertThat(eval(new Or(FALSE, FALSE))).isEqualTo(false);
        assertThat(eval(new Not(NULL_BOOL))).isNull();
        assertThat(eval(new Not(FALSE))).isEqualTo(true);
    }

    @Test
    void arithmeticPropagatesNullAndWidens() {
        Expression sum = new Arithmetic(Arithmetic.Op.ADD, QTY, Literal.of(1L));
        assertThat(sum.dataType()).isEqualTo(DataType.LONG);
        assertThat(eval(sum, 0.0, 41, "x")).isEqualTo(42L);
        assertThat(eval(sum, 0.0, null, "x")).isNull();
        Expression times = new Arithmetic(Arithmetic.Op.MULTIPLY, AMOUNT, QTY);
        assertThat(times.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(eval(times, 2.5, 4, "x")).isEqualTo(10.0);
        Expression intSum = new Arithmetic(Arithmetic.Op.ADD, QTY, QTY);
        assertThat(eval(intSum, 0.0, 2, "x")).isEqualTo(4);
    }

    @Test
    void divisionIsDoubleAndByZeroIsNull() {
        Expression div = new Arithmetic(Arithmetic.Op.DIVIDE, QTY, Literal.of(2));
        assertThat(div.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(eval(div, 0.0, 3, "x")).isEqualTo(1.5);
        assertThat(eval(new Arithmetic(Arithmetic.Op.DIVIDE, QTY, Literal.of(0)), 0.0, 3, "x")).isNull();
        assertThat(eval(new Arithmetic(Arithmetic.Op.REMAINDER, QTY, Literal.of(0)), 0.0, 3, "x")).isNull();
    }

    @Test
    void isNullIsNeverNull() {
        assertThat(eval(new IsNull(COUNTRY, false), 0.0, 1, null)).isEqualTo(true);
        assertThat(eval(new IsNull(COUNTRY, true), 0.0, 1, null)).isEqualTo(false);
        assertThat(eval(new IsNull(COUNTRY, true), 0.0, 1, "IN")).isEqualTo(true);
    }

    @Test
    void aggregatesSkipNulls() {
        Object[] sum = AggregateFunction.SUM.initialState();
        AggregateFunction.SUM.update(sum, null);
        assertThat(AggregateFunction.SUM.finish(sum)).isNull();
        AggregateFunction.SUM.update(sum, 3L);
        AggregateFunction.SUM.update(sum, null);
        AggregateFunction.SUM.update(sum, 4L);
        assertThat(AggregateFunction.SUM.finish(sum)).isEqualTo(7L);

        Object[] avg = AggregateFunction.AVG.initialState();
        AggregateFunction.AVG.update(avg, 1.0);
        AggregateFunction.AVG.update(avg, null);
        Object[] other = AggregateFunction.AVG.initialState();
        AggregateFunction.AVG.update(other, 2.0);
        AggregateFunction.AVG.merge(avg, other);
        assertThat(AggregateFunction.AVG.finish(avg)).isEqualTo(1.5);

        Object[] min = AggregateFunction.MIN.initialState();
        for (Object v : new Object[]{"b", null, "a", "c"}) AggregateFunction.MIN.update(min, v);
        assertThat(AggregateFunction.MIN.finish(min)).isEqualTo("a");
    }
}
