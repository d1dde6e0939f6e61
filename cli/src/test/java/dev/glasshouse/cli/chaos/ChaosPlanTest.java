package dev.glasshouse.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosPlanTest {
    private static ChaosSpec spec(List<FaultKind> kinds, Duration every, int max, long seed) {
        return new ChaosSpec(kinds, ChaosSpec.RANDOM, "KILL", Duration.ZERO, Duration.ofSeconds(10), 0,
                ChaosSpec.Trigger.START, Duration.ofSeconds(2), every, max, seed);
    }

    @Test
    void oneFaultWithoutEvery() {
        ChaosPlan plan = new ChaosPlan(spec(List.of(FaultKind.KILL_EXECUTOR), Duration.ZERO, 5, 1));

        assertThat(plan.faults()).containsExactly(new PlannedFault(1, Duration.ofSeconds(2), FaultKind.KILL_EXECUTOR));
    }

    @Test
    void repeatedFaultsAreSpacedAndCappedAndTheSameForTheSameSeed() {
        List<FaultKind> kinds = List.of(FaultKind.KILL_EXECUTOR, FaultKind.PAUSE_EXECUTOR, FaultKind.S3_OUTAGE);
        ChaosPlan plan = new ChaosPlan(spec(kinds, Duration.ofSeconds(5), 4, 7));

        assertThat(plan.faults()).extracting(PlannedFault::at).containsExactly(Duration.ofSeconds(2),
                Duration.ofSeconds(7), Duration.ofSeconds(12), Duration.ofSeconds(17));
        assertThat(new ChaosPlan(spec(kinds, Duration.ofSeconds(5), 4, 7)).faults()).isEqualTo(plan.faults());
        // Over a long plan every kind asked for is used.
        assertThat(new ChaosPlan(spec(kinds, Duration.ofSeconds(1), 40, 7)).faults())
                .extracting(PlannedFault::kind).containsAll(kinds);
    }

    @Test
    void dryRunDescribesEveryFault() {
        ChaosSpec spec = new ChaosSpec(List.of(FaultKind.PAUSE_EXECUTOR), "exec-2", "KILL", Duration.ofSeconds(3),
                Duration.ZERO, 0.25, ChaosSpec.Trigger.REDUCE, Duration.ofMillis(500), Duration.ZERO, 3, 9);

        assertThat(new ChaosPlan(spec).describe()).isEqualTo("""
                Chaos plan (seed 9): 1 fault(s), the clock starting when the map stage is done (reduce tasks running)
                  #1 at +0.5 s: kill -STOP executor exec-2, kill -CONT after 3.0 s
                  every task attempt fails with probability 0.25 (seeded; a failed task is retried, up to \
                glasshouse.driver.task-max-failures attempts)
                """);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> spec(List.of(), Duration.ZERO, 1, 1)).hasMessageContaining("no fault chosen");
        assertThatThrownBy(() -> new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), "two", "KILL", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1))
                .hasMessageContaining("executor 'two'").hasMessageContaining("exec-2");
        assertThatThrownBy(() -> new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), "random", "HUP", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1))
                .hasMessage("--signal HUP: must be KILL or TERM");
        assertThatThrownBy(() -> new ChaosSpec(List.of(), "random", "KILL", Duration.ZERO,
                Duration.ZERO, 1.5, ChaosSpec.Trigger.START, Duration.ZERO, Duration.ZERO, 1, 1))
                .hasMessageContaining("--fail-tasks 1.5");
        assertThatThrownBy(() -> spec(List.of(FaultKind.KILL_EXECUTOR), Duration.ofSeconds(1), 0, 1))
                .hasMessageContaining("--max 0");
    }
}
