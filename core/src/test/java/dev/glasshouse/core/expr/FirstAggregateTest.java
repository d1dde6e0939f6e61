package dev.glasshouse.core.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstAggregateTest {
    private static final AggregateFunction FIRST = AggregateFunction.FIRST;

    @Test
    void keepsTheFirstValueEvenWhenItIsNull() {
        Object[] state = FIRST.initialState();
        FIRST.update(state, null);
        FIRST.update(state, "b");
        assertThat(FIRST.finish(state)).isNull();
    }

    @Test
    void mergeKeepsTheFirstPartialThatSawARowAndSkipsEmptyOnes() {
        Object[] merged = FIRST.initialState();
        FIRST.merge(merged, FIRST.initialState());
        Object[] partial = FIRST.initialState();
        FIRST.update(partial, "a");
        FIRST.merge(merged, partial);
        Object[] later = FIRST.initialState();
        FIRST.update(later, "z");
        FIRST.merge(merged, later);
        assertThat(FIRST.finish(merged)).isEqualTo("a");
    }

    @Test
    void stateIsTheValueAndWhetherARowWasSeen() {
        assertThat(FIRST.stateTypes(DataType.STRING)).isEqualTo(List.of(DataType.STRING, DataType.BOOLEAN));
        assertThat(FIRST.resultType(DataType.DATE)).isEqualTo(DataType.DATE);
    }
}
