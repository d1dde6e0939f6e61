package dev.glasshouse.driver.planner;

import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static dev.glasshouse.driver.planner.PlanFixtures.stages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.plan.Coalesce;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Sort;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.plan.Union;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How joins, sorts, limits, unions and coalesces are planned into physical operators and stages. */
class WidePlanningTest {
    private static final LogicalPlan CUSTOMERS = FileRelation.csv("s3://raw/customers/", CsvOptions.defaults(),
            Schema.parseDdl("id long, segment string"));

    private static Join join(JoinType type) {
        return new Join(sales(), CUSTOMERS, type,
                new Comparison(Comparison.Op.EQ, new ColumnRef("customer_id"), new ColumnRef("id")), List.of());
    }

    @Test
    void aSmallSideIsBroadcastThroughAOnePartitionShuffle() {
        // Every fixture file counts 1000 bytes: 4 files fit under a 10 MiB threshold.
        JobPlan plan = stages(join(JoinType.INNER), 4, 3);
        assertThat(plan.describe()).isEqualTo("""
                Stage 0 (shuffle map stage): 4 task(s), reads 4 input split(s) of s3://raw/customers/, writes shuffle 0 (1 partitions)
                    CsvScan s3://raw/customers/ [id:long, segment:string] -> ShuffleWrite 0 (Exchange single partition)
                Stage 1 (result stage): 4 task(s), reads 4 input split(s) of s3://raw/sales/, ends the job
                    CsvScan s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string] -> BroadcastHashJoin inner, [customer_id] = [id], build right (build side: shuffle 0)
                """);
        PartitionSource.ShuffleRead build = (PartitionSource.ShuffleRead) ((dev.glasshouse.core.exec.PartitionOperator.HashJoin)
                plan.resultStage().taskPlan(2, Map.of()).operators().get(0)).build();
        assertThat(build.reducePartition()).as("every probe task reads all of partition 0").isZero();
    }

    @Test
    void withBroadcastsOffOrAFullJoinBothSidesAreShuffled() {
        String off = PlanFixtures.physical(join(JoinType.INNER), 4, 3, -1).treeString();
        assertThat(off).startsWith("""
                ShuffledHashJoin inner, [customer_id] = [id], build right
                +- Exchange hashpartitioning([customer_id], 3)
                   +- CsvScan s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string]
                +- Exchange hashpartitioning([id], 3)
                   +- CsvScan s3://raw/customers/ [id:long, segment:string]
                """);
        assertThat(stages(join(JoinType.FULL_OUTER), 4, 3).stages()).hasSize(3);
        assertThat(PlanFixtures.physical(join(JoinType.RIGHT_OUTER), 4, 3, 10L << 20).treeString())
                .as("a right outer join can only broadcast its left side")
                .startsWith("BroadcastHashJoin right_outer, [customer_id] = [id], build left");
    }

    @Test
    void aJoinWithoutAnEqualityIsRefused() {
        Join noKeys = new Join(sales(), CUSTOMERS, JoinType.INNER,
                new Comparison(Comparison.Op.GT, new ColumnRef("customer_id"), new ColumnRef("id")), List.of());
        assertThatThrownBy(() -> stages(noKeys, 1, 2)).isInstanceOf(AnalysisException.class)
                .hasMessageContaining("no equality between a left column and a right column");
    }

    @Test
    void limitSortUnionAndCoalesceStages() {
        assertThat(PlanFixtures.physical(new Limit(5, sales()), 4, 3, -1).treeString()).isEqualTo("""
                GlobalLimit 5
                +- Exchange single partition
                   +- LocalLimit 5
                      +- CsvScan s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string]
                """);
        String sort = PlanFixtures.physical(new Sort(List.of(SortKey.descending(new ColumnRef("amount"))), sales()),
                4, 3, -1).treeString();
        assertThat(sort).startsWith("Sort [amount#4 DESC NULLS LAST]\n+- Exchange rangepartitioning(amount#4 DESC"
                + " NULLS LAST, 3, bounds sampled when the job runs)");

        JobPlan union = stages(new Coalesce(3, new Union(sales(), sales())), 4, 3);
        assertThat(union.stages()).singleElement().satisfies(s -> {
            assertThat(s.partitions()).isEqualTo(3);
            assertThat(s.taskPlan(0, Map.of()).source()).isInstanceOf(PartitionSource.Concat.class);
        });
    }

    @Test
    void filtersArePushedBelowAJoinExceptOnTheNullPaddedSide() {
        LogicalPlan filtered = new dev.glasshouse.core.plan.Filter(new dev.glasshouse.core.expr.And(
                new Comparison(Comparison.Op.GT, new ColumnRef("amount"), dev.glasshouse.core.expr.Literal.of(50)),
                new Comparison(Comparison.Op.EQ, new ColumnRef("segment"), dev.glasshouse.core.expr.Literal.of("new"))),
                join(JoinType.LEFT_OUTER));
        dev.glasshouse.driver.analysis.Analyzer analyzer = new dev.glasshouse.driver.analysis.Analyzer();
        dev.glasshouse.driver.optimizer.Optimizer.Result result =
                new dev.glasshouse.driver.optimizer.Optimizer(analyzer).optimize(analyzer.analyze(filtered));
        assertThat(result.appliedRules()).contains("PushDownFilters");
        assertThat(result.plan().treeString()).isEqualTo("""
                Filter (segment#7 = 'new')
                +- Join left_outer, (customer_id#1 = id#6)
                   +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, ts:string] PushedFilters: [(amount#4 > 50)]
                   +- Relation csv s3://raw/customers/ [id:long, segment:string]
                """);
    }
}
