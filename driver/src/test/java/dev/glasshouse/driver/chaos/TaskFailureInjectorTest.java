package dev.glasshouse.driver.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.protocol.TaskAttemptId;
import org.junit.jupiter.api.Test;

class TaskFailureInjectorTest {
    private static TaskAttemptId attempt(int partition, int attempt, long taskId) {
        return new TaskAttemptId("app", 1, 0, 0, partition, attempt, taskId);
    }

    @Test
    void failsAboutTheGivenShareOfAttemptsTheSameWayForTheSameSeed() {
        TaskFailureInjector injector = new TaskFailureInjector(0.2, 7);
        int failed = 0;
        for (int p = 0; p < 10_000; p++) {
            String failure = injector.failureFor(attempt(p, 0, p));
            // The task id (launch order) does not matter, the attempt's identity does.
            assertThat(new TaskFailureInjector(0.2, 7).failureFor(attempt(p, 0, 99_999 - p))).isEqualTo(failure);
            if (failure != null) {
                failed++;
                assertThat(failure).isEqualTo("chaos: injected task failure (probability 0.20, seed 7)");
            }
        }
        assertThat(failed).isBetween(1_800, 2_200);
        long differentWithOtherSeed = java.util.stream.IntStream.range(0, 1_000)
                .filter(p -> (injector.failureFor(attempt(p, 0, p)) == null)
                        != (new TaskFailureInjector(0.2, 8).failureFor(attempt(p, 0, p)) == null))
                .count();
        assertThat(differentWithOtherSeed).isPositive();
    }

    @Test
    void offByDefaultAndRejectsImpossibleProbabilities() {
        TaskFailureInjector fromDefaults = TaskFailureInjector.fromConfig(ConfigFactory.load());
        assertThat(fromDefaults.failureFor(attempt(0, 0, 0))).isNull();
        assertThatThrownBy(() -> new TaskFailureInjector(1, 1))
                .hasMessageContaining("glasshouse.chaos.task-failure-probability = 1.0");
    }
}
