package dev.glasshouse.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.cache.CacheLocations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A scheduler driven by scripted calls, as the driver actor would make them, with a scripted clock ({@link #now}),
 * and everything it said. No network, no actors.
 */
final class SchedulerHarness {
    /** Every successful task reads one row: a stage's input rows count its committed attempts. */
    static final TaskMetrics METRICS = new TaskMetrics(5, 10, 1, 0, 0, 0, 0, 0, 0);

    final List<SchedulerEvent> events = new ArrayList<>();
    final JobScheduler scheduler;
    long now;

    SchedulerHarness(SchedulerSettings settings, int coresPerExecutor, String... executorIds) {
        scheduler = new JobScheduler("app-test", settings, 0, events::add, new CacheLocations());
        for (String id : executorIds) scheduler.executorAdded(executor(id, coresPerExecutor));
    }

    SchedulerHarness(int coresPerExecutor, String... executorIds) {
        this(SchedulerSettings.of(4, 4), coresPerExecutor, executorIds);
    }

    static ExecutorInfo executor(String id, int cores) {
        int n = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        return new ExecutorInfo(id, 1, "127.0.0.1", 7000 + n, cores, 512, 100 + n);
    }

    List<TaskLaunch> schedule() {
        return scheduler.schedule(now);
    }

    void finish(TaskLaunch launch) {
        scheduler.taskFinished(launch.task().id(), launch.executorId(), METRICS, now);
    }

    void fail(TaskLaunch launch, String error) {
        scheduler.taskFailed(launch.task().id(), launch.executorId(), error, null);
    }

    /** The reduce task reports that it could not fetch the output of {@code mapPartition} where it was told to. */
    void fetchFail(TaskLaunch reduce, int mapPartition) {
        PartitionSource.ShuffleRead read = (PartitionSource.ShuffleRead) reduce.task().plan().source();
        MapOutputLocation block = read.blocks().get(mapPartition);
        scheduler.taskFailed(reduce.task().id(), reduce.executorId(), "fetch failed",
                new FetchFailure(read.shuffleId(), mapPartition, reduce.task().id().partition(), block.executorId(),
                        block.address(), "Connection refused"));
    }

    /** Where the reduce task was told each map output is, by map partition. */
    static List<String> mapOutputExecutors(TaskLaunch reduce) {
        PartitionSource.ShuffleRead read = (PartitionSource.ShuffleRead) reduce.task().plan().source();
        return read.blocks().stream().map(MapOutputLocation::executorId).toList();
    }

    /** Finishes every launch and everything scheduled after it until nothing more is launched; returns them all. */
    List<TaskLaunch> runToEnd(List<TaskLaunch> launches) {
        List<TaskLaunch> all = new ArrayList<>();
        while (!launches.isEmpty()) {
            all.addAll(launches);
            launches.forEach(this::finish);
            launches = schedule();
        }
        return all;
    }

    <E extends SchedulerEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    JobResult succeeded() {
        assertThat(eventsOf(SchedulerEvent.JobFailed.class)).as("failed jobs").isEmpty();
        return eventsOf(SchedulerEvent.JobSucceeded.class).get(0).result();
    }

    static Set<Integer> partitionsOn(List<TaskLaunch> launches, String executorId) {
        return launches.stream().filter(l -> l.executorId().equals(executorId))
                .map(l -> l.task().id().partition()).collect(Collectors.toCollection(TreeSet::new));
    }

    static TaskLaunch onExecutor(List<TaskLaunch> launches, String executorId) {
        return launches.stream().filter(l -> l.executorId().equals(executorId)).findFirst().orElseThrow();
    }

    /**
     * In the spirit of Spark's assertDataStructuresEmpty: once every job has ended and every attempt reported, the
     * scheduler holds no job, no running task, no stage waiting for resubmission, no map output and no taken slot.
     */
    void assertDataStructuresEmpty() {
        assertThat(scheduler.leftoverState()).as("state left in the scheduler").isEmpty();
        assertThat(scheduler.isIdle()).isTrue();
        assertThat(scheduler.hasStagesToResubmit()).isFalse();
    }
}
