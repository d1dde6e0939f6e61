package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.plan.Range;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.planner.JobPlan;
import java.util.ArrayList;
import java.util.HashMap;
import dev.glasshouse.driver.cache.CacheLocations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While tasks are short, executors hold a few tasks beyond their cores, so the round trip of launch and report
 * does not leave cores idle; as soon as tasks are long again, one task per core.
 */
class ShortTaskQueueingTest {
    private final List<SchedulerEvent> events = new ArrayList<>();
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final JobScheduler scheduler = new JobScheduler("app-test", SchedulerSettings.of(4, 4), 2, events::add,
            new CacheLocations());

    private static ExecutorInfo executor(String id) {
        return new ExecutorInfo(id, 1, "127.0.0.1", 7000, 1, 512, 100);
    }

    private List<TaskLaunch> schedule() {
        List<TaskLaunch> launches = scheduler.schedule();
        launches.forEach(l -> inFlight.merge(l.executorId(), 1, Integer::sum));
        return launches;
    }

    private void finish(TaskLaunch launch, long millis) {
        inFlight.merge(launch.executorId(), -1, Integer::sum);
        scheduler.taskFinished(launch.task().id(), launch.executorId(),
                new TaskMetrics(millis, 0, 1, 0, 0, 0, 0, 0, 1), 0);
    }

    @Test
    void queuesBehindTheCoresOnlyWhileTasksAreShort() {
        scheduler.executorAdded(executor("exec-1"));
        scheduler.executorAdded(executor("exec-2"));
        JobPlan plan = stages(new Range(0, 1000, 1, 40), 1, 8);
        assertThat(plan.resultStage().taskPlan(3, Map.of()).source())
                .isEqualTo(new PartitionSource.Range(75, 25, 1));
        scheduler.submitJob(0, plan, 0);

        List<TaskLaunch> first = schedule();
        assertThat(first).as("nothing known about the tasks yet: one per core").hasSize(2);
        first.forEach(l -> finish(l, 0));

        List<TaskLaunch> queued = schedule();
        assertThat(queued).as("short tasks: one per core and two more queued on each").hasSize(6);
        assertThat(inFlight).containsEntry("exec-1", 3).containsEntry("exec-2", 3);

        // The tasks turn out long: as they finish, no executor is given more than its one core's worth again.
        List<TaskLaunch> running = new ArrayList<>(queued);
        int launchedWhileLong = 0;
        while (!running.isEmpty()) {
            finish(running.remove(0), 500);
            List<TaskLaunch> more = schedule();
            launchedWhileLong += more.size();
            running.addAll(more);
            assertThat(inFlight.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
            if (running.size() <= 2) break;
        }
        assertThat(launchedWhileLong).isZero();
        List<TaskLaunch> rest = new ArrayList<>(running);
        while (!rest.isEmpty()) {
            TaskLaunch done = rest.remove(0);
            finish(done, 500);
            List<TaskLaunch> more = schedule();
            assertThat(more).hasSizeLessThanOrEqualTo(1);
            rest.addAll(more);
            assertThat(inFlight.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
        }
        assertThat(events).filteredOn(SchedulerEvent.JobSucceeded.class::isInstance).hasSize(1);
    }
}
