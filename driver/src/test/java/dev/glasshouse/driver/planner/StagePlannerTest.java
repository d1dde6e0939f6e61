package dev.glasshouse.driver.planner;

import static dev.glasshouse.driver.planner.PlanFixtures.bigSales;
import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.plan.Aggregate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagePlannerTest {

    @Test
    void narrowPlanIsOneStageWithOneTaskPerFile() {
        JobPlan plan = stages(bigSales(), 5, 8);

        assertThat(plan.stages()).hasSize(1);
        Stage only = plan.resultStage();
        assertThat(only.isShuffleMap()).isFalse();
        assertThat(only.partitions()).isEqualTo(5);
        assertThat(only.parents()).isEmpty();
        // The filter on amount is applied by the scan itself: no Filter operator is left in the pipeline.
        assertThat(only.operators()).isEmpty();
        assertThat(only.taskPlan(3, Map.of()).source())
                .isInstanceOfSatisfying(PartitionSource.FileScan.class, s -> {
                    assertThat(s.split().path()).isEqualTo("s3://raw/sales/part-3.csv");
                    assertThat(s.pushedFilters()).hasToString("[(amount#4 > 50)]");
                });
    }

    @Test
    void oneShuffleMakesTwoStagesSplitAtTheExchange() {
        JobPlan plan = stages(countByCountry(bigSales()), 4, 8);

        assertThat(plan.stages()).hasSize(2);
        Stage map = plan.stages().get(0);
        Stage result = plan.stages().get(1);
        assertThat(map.isShuffleMap()).isTrue();
        assertThat(map.partitions()).isEqualTo(4);
        assertThat(map.operators()).extracting(Object::getClass).map(Class::getSimpleName)
                .containsExactly("PartialAggregate");
        assertThat(map.sink()).isInstanceOfSatisfying(PartitionSink.ShuffleWrite.class, s -> {
            assertThat(s.partitions()).isEqualTo(8);
            assertThat(s.keyColumns()).containsExactly(0);
        });
        assertThat(result.parents()).containsExactly(map.id());
        assertThat(result.partitions()).isEqualTo(8);
        assertThat(result.operators()).singleElement().isInstanceOf(PartitionOperator.FinalAggregate.class);
        assertThat(result.input()).isInstanceOfSatisfying(StageInput.Shuffle.class,
                s -> assertThat(s.shuffleId()).isEqualTo(map.shuffleId()));
    }

    @Test
    void twoShufflesMakeThreeStagesInDependencyOrder() {
        // countByCountry, then how many countries have each count: two groupings, two shuffles.
        Aggregate second = new Aggregate(List.of(new ColumnRef("count")),
                List.of(new AggregateCall(AggregateFunction.COUNT, null, "countries")), countByCountry(sales()));
        JobPlan plan = stages(second, 3, 6);

        assertThat(plan.stages()).hasSize(3);
        Stage first = plan.stages().get(0);
        Stage middle = plan.stages().get(1);
        Stage last = plan.stages().get(2);
        assertThat(first.parents()).isEmpty();
        assertThat(first.partitions()).isEqualTo(3);
        assertThat(middle.parents()).containsExactly(first.id());
        assertThat(middle.isShuffleMap()).isTrue();
        assertThat(middle.partitions()).isEqualTo(6);
        assertThat(middle.operators()).extracting(Object::getClass).map(Class::getSimpleName)
                .containsExactly("FinalAggregate", "PartialAggregate");
        assertThat(last.parents()).containsExactly(middle.id());
        assertThat(last.isShuffleMap()).isFalse();
        assertThat(first.shuffleId()).isNotEqualTo(middle.shuffleId());
    }

    @Test
    void globalCountShufflesIntoOnePartition() {
        Aggregate count = new Aggregate(List.of(), List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")),
                sales());
        JobPlan plan = stages(count, 4, 8);

        assertThat(plan.stages()).hasSize(2);
        assertThat(plan.resultStage().partitions()).isEqualTo(1);
    }
}
