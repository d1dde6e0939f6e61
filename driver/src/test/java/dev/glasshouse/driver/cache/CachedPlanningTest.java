package dev.glasshouse.driver.cache;

import static dev.glasshouse.driver.planner.PlanFixtures.bigSales;
import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.files;
import static dev.glasshouse.driver.planner.PlanFixtures.physical;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.CachedRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.Stage;
import dev.glasshouse.driver.planner.StagePlanner;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How persisted datasets are found in queries and cut into stages. */
class CachedPlanningTest {

    private static JobPlan stages(LogicalPlan parsed, CacheManager manager, StagePlanner.CacheStatus status) {
        LogicalPlan substituted = manager.substitute(parsed);
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger shuffles = new AtomicInteger();
        return new StagePlanner(files(4), ids::getAndIncrement, shuffles::getAndIncrement, null, status)
                .plan(physical(substituted, 4, 3, -1), PartitionSink.ResultBlock::new);
    }

    @Test
    void aQueryBuiltOnAPersistedPlanReadsItThroughTheCache() {
        CacheManager manager = new CacheManager();
        LogicalPlan persisted = bigSales();
        int id = manager.persist(persisted, StorageLevel.MEMORY_ONLY).datasetId();

        LogicalPlan query = countByCountry(persisted);
        LogicalPlan substituted = manager.substitute(query);

        assertThat(substituted.children().get(0)).isInstanceOf(CachedRelation.class);
        CachedRelation cached = (CachedRelation) substituted.children().get(0);
        assertThat(cached.datasetId()).isEqualTo(id);
        assertThat(cached.level()).isEqualTo(StorageLevel.MEMORY_ONLY);
        assertThat(manager.substitute(countByCountry(sales()))).as("a different plan is not cached")
                .isEqualTo(countByCountry(sales()));
        assertThat(manager.persist(persisted, StorageLevel.DISK_ONLY).level())
                .as("persisting again keeps the first level").isEqualTo(StorageLevel.MEMORY_ONLY);
    }

    @Test
    void cachingAddsNoStageAndEachTaskReadsItsPartitionWithItsLineage() {
        CacheManager manager = new CacheManager();
        manager.persist(bigSales(), StorageLevel.MEMORY_AND_DISK);

        JobPlan plan = stages(countByCountry(bigSales()), manager, StagePlanner.CacheStatus.NOTHING_CACHED);

        assertThat(plan.stages()).hasSize(2);
        Stage map = plan.stages().get(0);
        assertThat(map.steps()).anySatisfy(step -> assertThat(step).startsWith("InMemoryTableScan [dataset 0"));
        PartitionSource source = map.taskPlan(2, Map.of()).source();
        assertThat(source).isInstanceOf(PartitionSource.Cached.class);
        PartitionSource.Cached cached = (PartitionSource.Cached) source;
        assertThat(cached.block()).isEqualTo(new CacheBlockId(0, 2));
        assertThat(cached.lineage()).as("a scan is cheap to keep as lineage").isInstanceOf(PartitionSource.FileScan.class);
        assertThat(map.cacheBlocks(2)).containsExactly(new CacheBlockId(0, 2));
    }

    @Test
    void theStagesComputingAFullyCachedDatasetAreSkipped() {
        CacheManager manager = new CacheManager();
        LogicalPlan counts = countByCountry(sales());
        int id = manager.persist(counts, StorageLevel.MEMORY_ONLY).datasetId();
        LogicalPlan query = new Filter(new Comparison(Comparison.Op.GT, new ColumnRef("count"), Literal.of(10)), counts);
        CacheLocations locations = new CacheLocations();

        JobPlan first = stages(query, manager, locations::allCached);
        assertThat(first.stages()).as("map stage of the aggregation, then the cached reduce side").hasSize(2);

        locations.stored("exec-1", IntStream.range(0, 3)
                .mapToObj(p -> new CachedBlock(new CacheBlockId(id, p), 100, 0)).toList());
        JobPlan second = stages(query, manager, locations::allCached);
        assertThat(second.stages()).as("the map stage is skipped").hasSize(1);
        PartitionSource.Cached source = (PartitionSource.Cached) second.resultStage().taskPlan(1, Map.of()).source();
        assertThat(source.lineage()).isNull();

        locations.dropped("exec-1", List.of(new CacheBlockId(id, 1)));
        assertThat(stages(query, manager, locations::allCached).stages()).as("one partition lost: lineage is back")
                .hasSize(2);
    }

    @Test
    void unpersistForgetsThePlan() {
        CacheManager manager = new CacheManager();
        manager.persist(bigSales(), StorageLevel.MEMORY_ONLY);
        assertThat(manager.unpersist(bigSales())).isPresent();
        assertThat(manager.levelOf(bigSales())).isEqualTo(StorageLevel.NONE);
        LogicalPlan query = countByCountry(bigSales());
        assertThat(manager.substitute(query)).isSameAs(query);
    }
}
