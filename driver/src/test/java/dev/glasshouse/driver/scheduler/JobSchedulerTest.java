package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.planner.JobPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the scheduler with scripted events, as the driver actor would, and checks its decisions. */
class JobSchedulerTest {
    private final List<SchedulerEvent> events = new ArrayList<>();
    private JobScheduler scheduler;
    private JobPlan plan; // stage 0: 4 map tasks; stage 1: 3 reduce tasks

    @BeforeEach
    void setUp() {
        scheduler = new JobScheduler("app-test", 4, 4, events::add);
        scheduler.executorAdded(executor("exec-1", 2));
        scheduler.executorAdded(executor("exec-2", 2));
        plan = stages(countByCountry(sales()), 4, 3);
        scheduler.submitJob(0, plan, 0);
    }

    private static ExecutorInfo executor(String id, int cores) {
        return new ExecutorInfo(id, 1, "127.0.0.1", 7000 + id.hashCode() % 100, cores, 512, 100);
    }

    private static final TaskMetrics METRICS = new TaskMetrics(5, 10, 1, 0, 0, 0, 0, 0, 0);

    private void finish(TaskLaunch launch) {
        scheduler.taskFinished(launch.task().id(), launch.executorId(), METRICS, 10);
    }

    /** Finishes every launch and everything scheduled after it until nothing more is launched. */
    private List<TaskLaunch> runToEnd(List<TaskLaunch> launches) {
        List<TaskLaunch> all = new ArrayList<>();
        while (!launches.isEmpty()) {
            all.addAll(launches);
            launches.forEach(this::finish);
            launches = scheduler.schedule();
        }
        return all;
    }

    private <E extends SchedulerEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void runsMapStageThenReduceStageOnAllSlotsAndSucceeds() {
        List<TaskLaunch> first = scheduler.schedule();
        assertThat(first).hasSize(4).allSatisfy(l -> assertThat(l.task().id().stageId()).isEqualTo(0));
        assertThat(first).extracting(TaskLaunch::executorId).containsOnly("exec-1", "exec-2");
        assertThat(scheduler.schedule()).as("no free slot left").isEmpty();

        first.subList(0, 3).forEach(this::finish);
        assertThat(scheduler.schedule()).as("reduce stage waits for the whole map stage").isEmpty();
        finish(first.get(3));

        List<TaskLaunch> reduce = scheduler.schedule();
        assertThat(reduce).hasSize(3).allSatisfy(l -> {
            assertThat(l.task().id().stageId()).isEqualTo(1);
            PartitionSource.ShuffleRead read = (PartitionSource.ShuffleRead) l.task().plan().source();
            assertThat(read.blocks()).hasSize(4);
        });
        runToEnd(reduce);

        JobResult result = eventsOf(SchedulerEvent.JobSucceeded.class).get(0).result();
        assertThat(result.resultTasks()).extracting(TaskOutcome::partition).containsExactly(0, 1, 2);
        assertThat(result.stages()).extracting(StageSummary::tasksRun).containsExactly(4, 3);
        assertThat(scheduler.isIdle()).isTrue();
    }

    @Test
    void aShuffledJoinStageWaitsForBothParentsAndReadsEachShuffleFromItsOwnMapOutputs() {
        scheduler = new JobScheduler("app-test", 4, 4, events::add);
        scheduler.executorAdded(executor("exec-1", 2));
        scheduler.executorAdded(executor("exec-2", 2));
        // Broadcasts off: both sides are shuffled into 3 partitions; sales has 4 files, customers the same fixture.
        JobPlan join = stages(new Join(sales(), customersById(), JoinType.INNER,
                new Comparison(Comparison.Op.EQ, new ColumnRef("customer_id"), new ColumnRef("id")), List.of()),
                4, 3, -1);
        assertThat(join.stages()).hasSize(3);
        assertThat(join.resultStage().parents()).containsExactly(0, 1);
        scheduler.submitJob(7, join, 0);

        List<TaskLaunch> sales = scheduler.schedule();
        assertThat(sales).hasSize(4).allSatisfy(l -> assertThat(l.task().id().stageId()).isEqualTo(0));
        sales.forEach(this::finish);
        List<TaskLaunch> customers = scheduler.schedule();
        assertThat(customers).hasSize(4).allSatisfy(l -> assertThat(l.task().id().stageId()).isEqualTo(1));
        customers.subList(0, 3).forEach(this::finish);
        assertThat(scheduler.schedule()).as("the join waits for its second parent too").isEmpty();
        finish(customers.get(3));
        List<TaskLaunch> all = runToEnd(scheduler.schedule());

        List<TaskLaunch> joinTasks = all.stream().filter(l -> l.task().id().stageId() == 2).toList();
        assertThat(joinTasks).hasSize(3).allSatisfy(l -> {
            PartitionSource.ShuffleRead streamed = (PartitionSource.ShuffleRead) l.task().plan().source();
            PartitionOperator.HashJoin hashJoin = (PartitionOperator.HashJoin) l.task().plan().operators().stream()
                    .filter(PartitionOperator.HashJoin.class::isInstance).findFirst().orElseThrow();
            PartitionSource.ShuffleRead build = (PartitionSource.ShuffleRead) hashJoin.build();
            assertThat(streamed.shuffleId()).isEqualTo(0);
            assertThat(build.shuffleId()).isEqualTo(1);
            assertThat(build.reducePartition()).isEqualTo(streamed.reducePartition())
                    .isEqualTo(l.task().id().partition());
            assertThat(streamed.blocks()).hasSize(4);
            assertThat(build.blocks()).hasSize(4);
        });
        assertThat(eventsOf(SchedulerEvent.JobSucceeded.class)).singleElement()
                .satisfies(j -> assertThat(j.result().jobId()).isEqualTo(7));
    }

    private static LogicalPlan customersById() {
        return FileRelation.csv("s3://raw/customers/", CsvOptions.defaults(),
                Schema.parseDdl("id long, segment string"));
    }

    @Test
    void failingTaskIsRetriedThenFailsTheJobWithItsError() {
        List<TaskLaunch> launches = scheduler.schedule();
        TaskLaunch bad = launches.get(0);
        int partition = bad.task().id().partition();
        for (int attempt = 0; attempt < 4; attempt++) {
            assertThat(bad.task().id().attempt()).isEqualTo(attempt);
            scheduler.taskFailed(bad.task().id(), bad.executorId(), "CsvFormatException: part-0.csv line 7", null);
            List<TaskLaunch> next = scheduler.schedule();
            if (attempt < 3) {
                bad = next.stream().filter(l -> l.task().id().partition() == partition).findFirst().orElseThrow();
            }
        }
        List<SchedulerEvent.JobFailed> failed = eventsOf(SchedulerEvent.JobFailed.class);
        assertThat(failed).singleElement().satisfies(f -> assertThat(f.reason())
                .contains("partition " + partition).contains("4 times").contains("part-0.csv line 7"));
        assertThat(scheduler.hasActiveJobs()).isFalse();
    }

    @Test
    void lostExecutorRecomputesOnlyItsMapOutputs() {
        List<TaskLaunch> map = scheduler.schedule();
        map.forEach(this::finish);
        Set<Integer> onExec2 = map.stream().filter(l -> l.executorId().equals("exec-2"))
                .map(l -> l.task().id().partition()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(onExec2).isNotEmpty();

        List<TaskLaunch> reduce = scheduler.schedule();
        assertThat(reduce).isNotEmpty();
        scheduler.executorLost("exec-2", "process exited with code 137");
        scheduler.resubmitFailedStages(20); // the driver's timer, once the burst is over

        SchedulerEvent.PartitionsResubmitted resubmitted = eventsOf(SchedulerEvent.PartitionsResubmitted.class).get(0);
        assertThat(resubmitted.stageId()).isEqualTo(0);
        assertThat(resubmitted.partitions()).containsExactlyElementsOf(onExec2);
        assertThat(resubmitted.reason()).contains("exec-2");
        SchedulerEvent.ExecutorRemoved removed = eventsOf(SchedulerEvent.ExecutorRemoved.class).get(0);
        int requeued = (int) reduce.stream().filter(l -> l.executorId().equals("exec-2")).count();
        assertThat(removed.tasksRequeued()).isEqualTo(requeued);

        // Reduce tasks still running on exec-1 finish, but the stage cannot go on until the map output is back.
        List<TaskLaunch> next = new ArrayList<>();
        reduce.stream().filter(l -> l.executorId().equals("exec-1")).forEach(this::finish);
        next.addAll(scheduler.schedule());
        assertThat(next).allSatisfy(l -> {
            assertThat(l.task().id().stageId()).isEqualTo(0);
            assertThat(l.executorId()).isEqualTo("exec-1");
            assertThat(l.task().id().stageAttempt()).isEqualTo(1);
        });
        runToEnd(next);

        JobResult result = eventsOf(SchedulerEvent.JobSucceeded.class).get(0).result();
        assertThat(result.stages().get(0).tasksRun()).isEqualTo(4 + onExec2.size());
        assertThat(result.resultTasks()).hasSize(3)
                .allSatisfy(o -> assertThat(o.executor().executorId()).isEqualTo("exec-1"));
    }

    @Test
    void fetchFailureRecomputesTheMissingMapPartitionAndRetriesTheReduceTask() {
        runMapStage();
        List<TaskLaunch> reduce = scheduler.schedule();
        TaskLaunch victim = reduce.get(0);
        PartitionSource.ShuffleRead read = (PartitionSource.ShuffleRead) victim.task().plan().source();
        var lostBlock = read.blocks().get(2);
        scheduler.taskFailed(victim.task().id(), victim.executorId(), "fetch failed",
                new FetchFailure(read.shuffleId(), 2, victim.task().id().partition(), lostBlock.executorId(),
                        lostBlock.address(), "404"));

        scheduler.resubmitFailedStages(20);

        // Its block server is evidently gone: every map output of the shuffle on that executor runs again.
        List<Integer> onThatExecutor = new ArrayList<>();
        for (int p = 0; p < read.blocks().size(); p++) {
            if (read.blocks().get(p).executorId().equals(lostBlock.executorId())) onThatExecutor.add(p);
        }
        assertThat(onThatExecutor).contains(2);
        SchedulerEvent.PartitionsResubmitted resubmitted = eventsOf(SchedulerEvent.PartitionsResubmitted.class).get(0);
        assertThat(resubmitted.partitions()).containsExactlyElementsOf(onThatExecutor);
        reduce.subList(1, reduce.size()).forEach(this::finish);
        List<TaskLaunch> next = scheduler.schedule();
        assertThat(next).allSatisfy(l -> assertThat(l.task().id().stageId()).isEqualTo(0))
                .extracting(l -> l.task().id().partition()).containsExactlyInAnyOrderElementsOf(onThatExecutor);
        runToEnd(next);
        assertThat(eventsOf(SchedulerEvent.JobSucceeded.class)).hasSize(1);
        assertThat(eventsOf(SchedulerEvent.JobFailed.class)).isEmpty();
    }

    @Test
    void reportsFromForgottenAttemptsAreIgnored() {
        List<TaskLaunch> map = scheduler.schedule();
        TaskLaunch onExec2 = map.stream().filter(l -> l.executorId().equals("exec-2")).findFirst().orElseThrow();
        scheduler.executorLost("exec-2", "killed");
        finish(onExec2); // a late success from the dead executor's task
        map.stream().filter(l -> l.executorId().equals("exec-1")).forEach(this::finish);
        List<TaskLaunch> rerun = scheduler.schedule();
        assertThat(rerun).extracting(l -> l.task().id().partition()).contains(onExec2.task().id().partition());
    }

    private void runMapStage() {
        scheduler.schedule().forEach(this::finish);
    }
}
