package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static dev.glasshouse.driver.scheduler.SchedulerHarness.mapOutputExecutors;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A straggler gets one copy on another executor; the first attempt to finish commits the partition and the
 * other's result is ignored. Stage 0: 4 map tasks on 2 executors of 2 cores, launched at t=0.
 */
class SpeculationTest {
    private static final SchedulerSettings.Speculation ON = new SchedulerSettings.Speculation(true, 0.75, 3.0,
            Duration.ofMillis(100), Duration.ofMillis(100));

    private SchedulerHarness h;
    private List<TaskLaunch> map;
    private TaskLaunch straggler;

    @BeforeEach
    void threeOfFourMapTasksFinishInOneSecond() {
        h = new SchedulerHarness(SchedulerSettings.of(4, 4).withSpeculation(ON), 2, "exec-1", "exec-2");
        h.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        map = h.schedule();
        straggler = map.stream().filter(l -> l.executorId().equals("exec-1")).reduce((a, b) -> b).orElseThrow();
        h.now = 1000;
        map.stream().filter(l -> l != straggler).forEach(h::finish);
    }

    private TaskLaunch speculateAt(long now) {
        h.now = now;
        List<TaskLaunch> copies = h.scheduler.speculate(now);
        assertThat(copies).hasSize(1);
        return copies.get(0);
    }

    @Test
    void theCopyOnAnotherExecutorFinishingFirstWinsAndTheOriginalIsIgnored() {
        h.now = 3000;
        assertThat(h.scheduler.speculate(h.now)).as("3 s is not more than 3x the 1 s median").isEmpty();

        TaskLaunch copy = speculateAt(3500);

        assertThat(copy.executorId()).isEqualTo("exec-2");
        assertThat(copy.task().id().partition()).isEqualTo(straggler.task().id().partition());
        assertThat(h.eventsOf(SchedulerEvent.SpeculativeTaskLaunched.class)).singleElement().satisfies(s -> {
            assertThat(s.task()).isEqualTo(copy.task().id());
            assertThat(s.reason()).startsWith("running 3.5 s, 3.5× the median 1.0 s; copy of " + straggler.task().id());
        });
        h.now = 3600;
        assertThat(h.scheduler.speculate(h.now)).as("one copy only").isEmpty();

        h.finish(copy);
        List<TaskLaunch> reduce = h.schedule();
        assertThat(reduce).isNotEmpty().allSatisfy(l -> assertThat(mapOutputExecutors(l)
                .get(straggler.task().id().partition())).isEqualTo("exec-2"));
        h.now = 5000;
        h.finish(straggler);
        assertThat(h.eventsOf(SchedulerEvent.TaskResultIgnored.class)).singleElement().satisfies(i -> {
            assertThat(i.task()).isEqualTo(straggler.task().id());
            assertThat(i.reason()).contains("already finished by task " + copy.task().id().taskId() + " on exec-2");
        });

        h.runToEnd(concat(reduce, h.schedule()));
        StageSummary mapStage = h.succeeded().stages().get(0);
        assertThat(mapStage.tasksRun()).isEqualTo(5);
        assertThat(mapStage.metrics().inputRows()).as("exactly one attempt per partition counts").isEqualTo(4);
        assertThat(mapStage.attempts()).isEqualTo(1);
        h.assertDataStructuresEmpty();
    }

    @Test
    void theOriginalFinishingFirstWinsAndTheCopysLateResultIsIgnored() {
        TaskLaunch copy = speculateAt(3500);
        h.now = 3600;
        h.finish(straggler);
        List<TaskLaunch> reduce = h.schedule();
        h.now = 4000;
        h.finish(copy);

        assertThat(h.eventsOf(SchedulerEvent.TaskResultIgnored.class)).singleElement()
                .satisfies(i -> assertThat(i.task()).isEqualTo(copy.task().id()));
        assertThat(reduce).allSatisfy(l -> assertThat(mapOutputExecutors(l).get(straggler.task().id().partition()))
                .isEqualTo("exec-1"));
        h.runToEnd(concat(reduce, h.schedule()));
        assertThat(h.succeeded().stages().get(0).metrics().inputRows()).isEqualTo(4);
        h.assertDataStructuresEmpty();
    }

    @Test
    void nothingIsSpeculatedBeforeTheQuantileHasFinishedOrWhenSpeculationIsOff() {
        SchedulerHarness early = new SchedulerHarness(SchedulerSettings.of(4, 4).withSpeculation(ON), 2, "exec-1",
                "exec-2");
        early.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> launches = early.schedule();
        early.finish(launches.get(0));
        early.finish(launches.get(1));
        assertThat(early.scheduler.speculate(60_000)).as("2 of 4 finished, 3 needed").isEmpty();

        SchedulerHarness off = new SchedulerHarness(2, "exec-1", "exec-2");
        off.scheduler.submitJob(0, stages(countByCountry(sales()), 4, 3), 0);
        List<TaskLaunch> offLaunches = off.schedule();
        off.now = 1000;
        offLaunches.subList(0, 3).forEach(off::finish);
        assertThat(off.scheduler.speculate(60_000)).isEmpty();
    }

    private static List<TaskLaunch> concat(List<TaskLaunch> a, List<TaskLaunch> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
