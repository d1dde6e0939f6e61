package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task that throws runs again, elsewhere when it can, until the job gives up with the whole story. */
class TaskRetryTest {

    private static TaskLaunch ofPartition(List<TaskLaunch> launches, int partition) {
        return launches.stream().filter(l -> l.task().id().partition() == partition).findFirst().orElseThrow();
    }

    @Test
    void eachRetryGoesToAnotherExecutorAndTheJobFailsWithTheAttemptHistory() {
        // 3 slots each, 4 map tasks: every executor keeps a free slot, so the retry has a choice.
        SchedulerHarness h = new SchedulerHarness(3, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        TaskLaunch bad = h.schedule().get(0);
        int partition = bad.task().id().partition();
        List<String> executors = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(bad.task().id().attempt()).isEqualTo(attempt);
            executors.add(bad.executorId());
            h.fail(bad, "IllegalStateException: boom " + attempt);
            if (attempt < 3) bad = ofPartition(h.schedule(), partition);
        }

        assertThat(executors).as("never twice in a row on the same executor")
                .containsExactly("exec-1", "exec-2", "exec-1", "exec-2");
        assertThat(h.eventsOf(SchedulerEvent.TaskRetried.class)).hasSize(3).first().satisfies(r -> assertThat(
                r.reason()).isEqualTo("retry 1 after failure on exec-1 (IllegalStateException: boom 0); on exec-2, "
                + "where it has not failed"));
        assertThat(h.eventsOf(SchedulerEvent.JobFailed.class)).singleElement().satisfies(f -> assertThat(f.reason())
                .isEqualTo("task for partition " + partition + " of stage 0 failed 4 times "
                        + "(glasshouse.driver.task-max-failures = 4); attempts: "
                        + "#0 on exec-1: IllegalStateException: boom 0; #1 on exec-2: IllegalStateException: boom 1; "
                        + "#2 on exec-1: IllegalStateException: boom 2; #3 on exec-2: IllegalStateException: boom 3"));
        assertThat(h.scheduler.hasActiveJobs()).isFalse();
    }

    @Test
    void whenOnlyTheExecutorItFailedOnHasRoomTheRetryRunsThereAgain() {
        SchedulerHarness h = new SchedulerHarness(2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> map = h.schedule();
        TaskLaunch bad = SchedulerHarness.onExecutor(map, "exec-1");
        h.fail(bad, "IllegalStateException: boom");

        TaskLaunch retry = ofPartition(h.schedule(), bad.task().id().partition());

        assertThat(retry.executorId()).isEqualTo("exec-1");
        assertThat(h.eventsOf(SchedulerEvent.TaskRetried.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .endsWith("on exec-1 again: no executor it has not failed on had room"));
        map.stream().filter(l -> l != bad).forEach(h::finish);
        h.runToEnd(List.of(retry));
        assertThat(h.succeeded().stages().get(0).tasksRun()).isEqualTo(5);
        h.assertDataStructuresEmpty();
    }
}
