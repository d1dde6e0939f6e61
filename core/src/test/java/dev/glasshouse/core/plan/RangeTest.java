package dev.glasshouse.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeTest {

    /** Every number of the range, slice by slice, as the tasks produce them. */
    private static List<Long> numbers(Range range) {
        List<Long> all = new ArrayList<>();
        for (int p = 0; p < range.partitions(); p++) {
            for (long i = range.firstIndex(p); i < range.firstIndex(p + 1); i++) all.add(range.valueAt(i));
        }
        return all;
    }

    @Test
    void slicesCoverTheRangeOnceInOrderWithNearlyEqualSizes() {
        Range range = new Range(3, 20, 4, 3);
        assertThat(range.count()).isEqualTo(5);
        assertThat(numbers(range)).containsExactly(3L, 7L, 11L, 15L, 19L);
        assertThat(List.of(range.firstIndex(0), range.firstIndex(1), range.firstIndex(2), range.firstIndex(3)))
                .containsExactly(0L, 1L, 3L, 5L);
    }

    @Test
    void negativeStepsEmptyRangesAndMorePartitionsThanNumbers() {
        assertThat(numbers(new Range(10, 0, -3, 2))).containsExactly(10L, 7L, 4L, 1L);
        assertThat(new Range(5, 5, 1, 4).count()).isZero();
        assertThat(new Range(5, 0, 1, 4).count()).isZero();
        assertThat(numbers(new Range(0, 3, 1, 8))).containsExactly(0L, 1L, 2L);
        assertThat(new Range(0, 10, 1, 2).schema().toString()).contains("id");
    }

    @Test
    void aZeroStepOrNoPartitionIsRefused() {
        assertThatThrownBy(() -> new Range(0, 10, 0, 2)).hasMessage("range step must not be 0");
        assertThatThrownBy(() -> new Range(0, 10, 1, 0)).hasMessage("range partitions must be at least 1, got 0");
    }
}
