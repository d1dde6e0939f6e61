package dev.glasshouse.driver.scheduler;

import static dev.glasshouse.driver.planner.PlanFixtures.bigSales;
import static dev.glasshouse.driver.planner.PlanFixtures.files;
import static dev.glasshouse.driver.planner.PlanFixtures.physical;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CacheMissException;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.cache.CacheLocations;
import dev.glasshouse.driver.cache.CacheManager;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.StagePlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks reading cached partitions run where the partitions are; the driver learns locations from task reports. */
class CacheLocalityTest {
    private static final TaskMetrics METRICS = new TaskMetrics(5, 10, 1, 0, 0, 0, 0, 0, 0);
    private final List<SchedulerEvent> events = new ArrayList<>();
    private final CacheLocations locations = new CacheLocations();
    private JobScheduler scheduler;
    private JobPlan plan; // one stage: 4 tasks reading partitions 0..3 of cached dataset 0

    @BeforeEach
    void setUp() {
        scheduler = new JobScheduler("app-test", SchedulerSettings.of(4, 4), 0, events::add, locations);
        scheduler.executorAdded(new ExecutorInfo("exec-1", 1, "127.0.0.1", 7001, 2, 512, 100));
        scheduler.executorAdded(new ExecutorInfo("exec-2", 1, "127.0.0.1", 7002, 2, 512, 101));
        CacheManager manager = new CacheManager();
        manager.persist(bigSales(), StorageLevel.MEMORY_ONLY);
        AtomicInteger ids = new AtomicInteger();
        plan = new StagePlanner(files(4), ids::getAndIncrement, ids::getAndIncrement, null, locations::allCached)
                .plan(physical(manager.substitute(bigSales()), 4, 3, -1), PartitionSink.ResultBlock::new);
        locations.stored("exec-2", List.of(block(0), block(1), block(2)));
        scheduler.submitJob(0, plan, 0);
    }

    private static CachedBlock block(int partition) {
        return new CachedBlock(new CacheBlockId(0, partition), 1000, 0);
    }

    private static Map<Integer, String> byPartition(List<TaskLaunch> launches) {
        return launches.stream().collect(Collectors.toMap(l -> l.task().id().partition(), TaskLaunch::executorId));
    }

    @Test
    void cachedPartitionsRunWhereTheyAreAndWaitForThatExecutorWhenItIsBusy() {
        List<TaskLaunch> first = scheduler.schedule();

        assertThat(byPartition(first)).as("exec-2 holds 0..2 and has 2 slots; partition 3 is cached nowhere")
                .isEqualTo(Map.of(0, "exec-2", 1, "exec-2", 3, "exec-1"));

        scheduler.taskFinished(first.get(0).task().id(), "exec-2", METRICS, 10);
        assertThat(byPartition(scheduler.schedule())).isEqualTo(Map.of(2, "exec-2"));
    }

    @Test
    void aPartitionComputedByATaskIsScheduledOnItsExecutorNextTime() {
        List<TaskLaunch> first = scheduler.schedule();
        TaskLaunch partition3 = first.stream().filter(l -> l.task().id().partition() == 3).findFirst().orElseThrow();

        scheduler.taskFinished(partition3.task().id(), "exec-1", METRICS, List.of(block(3)), 10);

        assertThat(locations.holders(new CacheBlockId(0, 3))).containsExactly("exec-1");
        assertThat(locations.allCached(0, 4)).isTrue();
    }

    @Test
    void whenTheHolderIsLostItsPartitionsRunAnywhere() {
        scheduler.schedule();
        scheduler.executorLost("exec-2", "killed");

        assertThat(locations.holders(new CacheBlockId(0, 0))).isEmpty();
        assertThat(byPartition(scheduler.schedule())).as("re-queued and waiting tasks go to exec-1's free slot")
                .containsValues("exec-1").hasSize(1);
    }

    @Test
    void aCacheMissFailsTheJobAtOnceAndForgetsTheLocation() {
        List<TaskLaunch> first = scheduler.schedule();
        TaskLaunch onExec2 = first.get(0);

        scheduler.taskFailed(onExec2.task().id(), "exec-2", CacheMissException.PREFIX + "cache 0 partition "
                + onExec2.task().id().partition() + " is no longer on executor exec-2", null);

        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SchedulerEvent.JobFailed.class));
        assertThat(locations.holders(new CacheBlockId(0, onExec2.task().id().partition()))).isEmpty();
    }
}
