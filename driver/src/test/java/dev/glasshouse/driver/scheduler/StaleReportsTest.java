package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.files;
import static dev.glasshouse.driver.planner.PlanFixtures.physical;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.mapOutputExecutors;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.onExecutor;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.partitionsOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.StagePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reports that arrive twice, late, or from an executor already declared lost change nothing. */
class StaleReportsTest {

    @Test
    void aDuplicateCompletionCountsOnceAndFreesOneSlot() {
        SchedulerHarness h = new SchedulerHarness(2, "exec-1");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> first = h.schedule();
        assertThat(first).hasSize(2);

        h.finish(first.get(0));
        h.finish(first.get(0));

        List<TaskLaunch> next = new ArrayList<>(h.schedule());
        assertThat(next).as("one slot was freed, not two").hasSize(1);
        assertThat(h.eventsOf(SchedulerEvent.TaskEnded.class)).hasSize(1);
        next.add(first.get(1));
        h.runToEnd(next);
        JobResult result = h.succeeded();
        assertThat(result.stages().get(0).tasksRun()).isEqualTo(4);
        assertThat(result.stages().get(0).metrics().inputRows()).as("one committed attempt per partition").isEqualTo(4);
        h.assertDataStructuresEmpty();
    }

    @Test
    void lateReportsFromALostExecutorRegisterNoOutputCountNoFailureAndFreeNoSlot() {
        // One counted task failure would fail the job.
        SchedulerHarness h = new SchedulerHarness(SchedulerSettings.of(1, 4), 2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> map = h.schedule();
        List<TaskLaunch> onExec2 = map.stream().filter(l -> l.executorId().equals("exec-2")).toList();
        assertThat(onExec2).hasSize(2);

        h.scheduler.executorLost("exec-2", "killed");
        int eventsBefore = h.events.size();
        h.finish(onExec2.get(0));
        h.fail(onExec2.get(1), "IllegalStateException: executor shutting down");

        assertThat(h.events).as("nothing heard from the dead executor").hasSize(eventsBefore);
        assertThat(h.schedule()).as("exec-1's slots are both taken; none was freed by the dead").isEmpty();
        map.stream().filter(l -> l.executorId().equals("exec-1")).forEach(h::finish);
        List<TaskLaunch> rerun = h.schedule();
        assertThat(partitionsOn(rerun, "exec-1")).containsExactlyElementsOf(partitionsOn(onExec2, "exec-2"));
        List<TaskLaunch> all = h.runToEnd(rerun);

        List<TaskLaunch> reduce = all.stream().filter(l -> l.task().id().stageId() == 1).toList();
        assertThat(reduce).hasSize(3).allSatisfy(l -> assertThat(mapOutputExecutors(l)).containsOnly("exec-1"));
        h.succeeded();
        h.assertDataStructuresEmpty();
    }

    @Test
    void aMapOutputWrittenWhereFetchesFailedAfterTheTaskStartedIsNotTrusted() {
        SchedulerHarness h = new SchedulerHarness(4, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        h.schedule().forEach(h::finish);
        List<TaskLaunch> reduce = h.schedule();
        // A second job's map stage starts on exec-2 before exec-2's blocks turn out unreachable.
        h.scheduler.submitJob(1, secondJob(), 0);
        List<TaskLaunch> secondMap = h.schedule().stream().filter(l -> l.task().id().jobId() == 1).toList();
        TaskLaunch startedOnExec2 = onExecutor(secondMap, "exec-2");

        int onExec2 = mapOutputExecutors(reduce.get(0)).indexOf("exec-2");
        h.fetchFail(reduce.get(0), onExec2);
        h.finish(startedOnExec2);

        assertThat(h.eventsOf(SchedulerEvent.TaskResultIgnored.class)).singleElement().satisfies(i -> {
            assertThat(i.task()).isEqualTo(startedOnExec2.task().id());
            assertThat(i.reason()).contains("exec-2").contains("failed to be fetched");
        });
        assertThat(h.eventsOf(SchedulerEvent.PartitionsResubmitted.class)).singleElement().satisfies(p -> {
            assertThat(p.jobId()).isEqualTo(1);
            assertThat(p.partitions()).containsExactly(startedOnExec2.task().id().partition());
            assertThat(p.attempt()).as("its stage is still running its first attempt").isZero();
        });
    }

    /** Shuffle and stage ids of its own, as a session would number them. */
    private static JobPlan secondJob() {
        AtomicInteger ids = new AtomicInteger(10);
        return new StagePlanner(files(4), ids::getAndIncrement, ids::getAndIncrement)
                .plan(physical(countByCountry(sales()), 4, 3, -1), PartitionSink.ResultBlock::new);
    }
}
