package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.mapOutputExecutors;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.onExecutor;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.partitionsOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.driver.scheduler.SchedulerEvent.PartitionsResubmitted;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lost executors and fetch failures: only the lost map partitions run again, one new stage attempt per burst of
 * failures, and stale reports change nothing. Plans: stage 0 has 4 map tasks, stage 1 reads its shuffle.
 */
class LineageRecoveryTest {

    @Test
    void executorLostDuringTheMapStageRequeuesItsTasksWithoutCountingThemAsFailures() {
        // One task failure would fail the job: the lost executor's tasks must not count as failures.
        SchedulerHarness h = new SchedulerHarness(SchedulerSettings.of(1, 4), 2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> map = h.schedule();
        TaskLaunch doneOnExec2 = onExecutor(map, "exec-2");
        TaskLaunch doneOnExec1 = onExecutor(map, "exec-1");
        h.finish(doneOnExec2);
        h.finish(doneOnExec1);

        h.scheduler.executorLost("exec-2", "process exited with code 137");

        assertThat(h.eventsOf(SchedulerEvent.ExecutorRemoved.class)).singleElement()
                .satisfies(r -> assertThat(r.tasksRequeued()).isEqualTo(1));
        assertThat(h.eventsOf(PartitionsResubmitted.class)).as("the running stage takes the lost output back")
                .singleElement().satisfies(p -> {
                    assertThat(p.stageId()).isZero();
                    assertThat(p.attempt()).as("same attempt: the stage had not completed").isZero();
                    assertThat(p.partitions()).containsExactly(doneOnExec2.task().id().partition());
                    assertThat(p.reason()).contains("exec-2").contains("code 137");
                });
        assertThat(h.scheduler.hasStagesToResubmit()).isFalse();

        List<TaskLaunch> stillRunning = map.stream()
                .filter(l -> l.executorId().equals("exec-1") && l != doneOnExec1).toList();
        List<TaskLaunch> rest = h.runToEnd(Stream.concat(stillRunning.stream(), h.schedule().stream()).toList());
        assertThat(rest).allSatisfy(l -> assertThat(l.executorId()).isEqualTo("exec-1"));
        JobResult result = h.succeeded();
        assertThat(result.stages().get(0).tasksRun()).as("4 + the requeued one + the lost finished one").isEqualTo(6);
        assertThat(result.stages().get(0).attempts()).isEqualTo(1);
        h.assertDataStructuresEmpty();
    }

    @Test
    void executorLostAfterTheMapStageResubmitsExactlyItsPartitionsOnceAndRetriesTheReduceStage() {
        SchedulerHarness h = new SchedulerHarness(2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> map = h.schedule();
        map.forEach(h::finish);
        Set<Integer> onExec2 = partitionsOn(map, "exec-2");
        List<TaskLaunch> reduce = h.schedule();
        assertThat(reduce).hasSize(3);

        h.scheduler.executorLost("exec-2", "killed");
        assertThat(h.scheduler.hasStagesToResubmit()).as("the driver arms its timer").isTrue();
        assertThat(h.schedule()).as("nothing runs before the resubmission").isEmpty();
        // The reduce tasks still running on exec-1 fail to fetch from exec-2: the same burst.
        List<TaskLaunch> failedFetching = reduce.stream().filter(l -> l.executorId().equals("exec-1")).toList();
        int exec2Partition = onExec2.iterator().next();
        failedFetching.forEach(l -> h.fetchFail(l, exec2Partition));
        assertThat(h.eventsOf(PartitionsResubmitted.class)).isEmpty();

        h.now = 200;
        h.scheduler.resubmitFailedStages(h.now);

        List<PartitionsResubmitted> resubmitted = h.eventsOf(PartitionsResubmitted.class);
        assertThat(resubmitted).hasSize(2);
        assertThat(resubmitted.get(0)).satisfies(p -> {
            assertThat(p.stageId()).isZero();
            assertThat(p.attempt()).isEqualTo(1);
            assertThat(p.partitions()).containsExactlyElementsOf(onExec2);
            assertThat(p.reason()).isEqualTo("map output lost with executor exec-2 (killed)");
        });
        assertThat(resubmitted.get(1)).satisfies(p -> {
            assertThat(p.stageId()).isEqualTo(1);
            assertThat(p.attempt()).isEqualTo(1);
            assertThat(p.partitions()).containsExactlyElementsOf(partitionsOn(failedFetching, "exec-1"));
            assertThat(p.reason()).startsWith("retrying after fetch failure: fetch failed: shuffle 0 map partition "
                    + exec2Partition);
        });

        List<TaskLaunch> rerun = h.schedule();
        assertThat(rerun).allSatisfy(l -> {
            assertThat(l.task().id().stageId()).isZero();
            assertThat(l.task().id().stageAttempt()).isEqualTo(1);
            assertThat(l.executorId()).isEqualTo("exec-1");
        });
        assertThat(partitionsOn(rerun, "exec-1")).containsExactlyElementsOf(onExec2);
        List<TaskLaunch> rest = h.runToEnd(rerun);
        assertThat(rest.stream().filter(l -> l.task().id().stageId() == 1)).hasSize(3)
                .allSatisfy(l -> assertThat(l.task().id().stageAttempt()).isEqualTo(1));

        JobResult result = h.succeeded();
        assertThat(result.stages()).extracting(StageSummary::attempts).containsExactly(2, 2);
        assertThat(result.stages().get(0).tasksRun()).isEqualTo(4 + onExec2.size());
        assertThat(result.resultTasks()).allSatisfy(o -> assertThat(o.executor().executorId()).isEqualTo("exec-1"));
        assertThat(h.eventsOf(PartitionsResubmitted.class)).hasSize(2);
        h.assertDataStructuresEmpty();
    }

    @Test
    void aBurstOfEightFetchFailuresMakesOneNewAttemptOfTheMapStage() {
        SchedulerHarness h = new SchedulerHarness(4, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 8), 0);
        List<TaskLaunch> map = h.schedule();
        map.forEach(h::finish);
        Set<Integer> onExec2 = partitionsOn(map, "exec-2");
        List<Integer> exec2Partitions = new ArrayList<>(onExec2);
        List<TaskLaunch> reduce = h.schedule();
        assertThat(reduce).hasSize(8);

        for (int i = 0; i < reduce.size(); i++) {
            h.fetchFail(reduce.get(i), exec2Partitions.get(i % exec2Partitions.size()));
            assertThat(h.scheduler.hasStagesToResubmit()).isTrue();
        }
        assertThat(h.schedule()).as("the lost map output waits for the window to close").isEmpty();
        h.now = 200;
        h.scheduler.resubmitFailedStages(h.now);

        List<PartitionsResubmitted> resubmitted = h.eventsOf(PartitionsResubmitted.class);
        assertThat(resubmitted).hasSize(2);
        assertThat(resubmitted.get(0).stageId()).isZero();
        assertThat(resubmitted.get(0).attempt()).as("one attempt for the burst, not eight").isEqualTo(1);
        assertThat(resubmitted.get(0).partitions()).containsExactlyElementsOf(onExec2);
        assertThat(resubmitted.get(0).reason()).startsWith("map output lost with executor exec-2 (fetch failed: ");
        assertThat(resubmitted.get(1).stageId()).isEqualTo(1);
        assertThat(resubmitted.get(1).attempt()).isEqualTo(1);
        assertThat(resubmitted.get(1).partitions()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(resubmitted.get(1).reason()).contains("(8 tasks failed to fetch)");
        assertThat(h.scheduler.hasStagesToResubmit()).isFalse();

        List<TaskLaunch> rerun = h.schedule();
        assertThat(rerun).extracting(l -> l.task().id().partition()).containsExactlyInAnyOrderElementsOf(onExec2);
        h.runToEnd(rerun);
        JobResult result = h.succeeded();
        assertThat(result.stages()).extracting(StageSummary::attempts).containsExactly(2, 2);
        assertThat(result.stages()).extracting(StageSummary::tasksRun).containsExactly(4 + onExec2.size(), 16);
        h.assertDataStructuresEmpty();
    }

    @Test
    void fetchFailuresFromAnOlderReduceAttemptCauseNoFurtherResubmission() {
        SchedulerHarness h = new SchedulerHarness(2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> map = h.schedule();
        map.forEach(h::finish);
        Set<Integer> onExec2 = partitionsOn(map, "exec-2");
        List<TaskLaunch> reduce = h.schedule(); // attempt 0 of stage 1
        h.fetchFail(reduce.get(0), onExec2.iterator().next());
        h.scheduler.resubmitFailedStages(h.now);
        assertThat(h.eventsOf(PartitionsResubmitted.class)).hasSize(2);

        // Already resubmitted: the output it names is not registered any more.
        h.fetchFail(reduce.get(1), onExec2.iterator().next());
        assertThat(h.scheduler.hasStagesToResubmit()).isFalse();

        List<TaskLaunch> rerun = h.schedule();
        assertThat(partitionsOn(rerun, "exec-1")).hasSize(1);
        assertThat(partitionsOn(rerun, "exec-2")).as("exec-2 is alive: a lost output may be written there again")
                .hasSize(1);
        int backOnExec2 = partitionsOn(rerun, "exec-2").iterator().next();
        rerun.forEach(h::finish);
        // Registered again, on the very executor it names, after the task started: only the epoch shows it stale.
        h.fetchFail(reduce.get(2), backOnExec2);
        assertThat(h.scheduler.hasStagesToResubmit()).isFalse();
        assertThat(h.eventsOf(PartitionsResubmitted.class)).hasSize(2);

        List<TaskLaunch> retried = h.schedule();
        assertThat(retried).extracting(l -> l.task().id().partition()).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(retried).allSatisfy(l -> {
            assertThat(l.task().id().stageAttempt()).isEqualTo(1);
            assertThat(mapOutputExecutors(l).get(backOnExec2)).isEqualTo("exec-2");
        });
        h.runToEnd(retried);
        assertThat(h.succeeded().stages()).extracting(StageSummary::attempts).containsExactly(2, 2);
        h.assertDataStructuresEmpty();
    }

    @Test
    void stageAttemptsAreCappedAndTheErrorNamesTheStageAttemptsAndLastCause() {
        SchedulerHarness h = new SchedulerHarness(SchedulerSettings.of(4, 3), 2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        h.schedule().forEach(h::finish);
        for (int attempt = 0; attempt < 3; attempt++) {
            int expected = attempt;
            List<TaskLaunch> reduce = h.schedule();
            assertThat(reduce).isNotEmpty()
                    .allSatisfy(l -> assertThat(l.task().id().stageAttempt()).isEqualTo(expected));
            h.fetchFail(reduce.get(0), 0);
            reduce.subList(1, reduce.size()).forEach(h::finish);
            h.scheduler.resubmitFailedStages(h.now);
            h.schedule().forEach(h::finish); // the lost map partitions run again
        }

        assertThat(h.eventsOf(PartitionsResubmitted.class)).as("attempts 1 and 2 of each stage").hasSize(4);
        assertThat(h.eventsOf(SchedulerEvent.JobFailed.class)).singleElement().satisfies(f -> assertThat(f.reason())
                .startsWith("stage 1 failed 3 consecutive attempts "
                        + "(glasshouse.driver.stage-max-consecutive-attempts = 3); last cause: ")
                .contains("retrying after fetch failure: fetch failed: shuffle 0 map partition 0"));
        h.assertDataStructuresEmpty();
    }
}
