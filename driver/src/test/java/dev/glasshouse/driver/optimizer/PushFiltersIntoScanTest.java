package dev.glasshouse.driver.optimizer;

import static dev.glasshouse.driver.planner.PlanFixtures.bigSales;
import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.PartitionSource;
import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.driver.analysis.Analyzer;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.PlanFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushFiltersIntoScanTest {
    private final Analyzer analyzer = new Analyzer();

    private Optimizer.Result optimize(LogicalPlan parsed) {
        return new Optimizer(analyzer).optimize(analyzer.analyze(parsed));
    }

    @Test
    void aFilterOnAScanBecomesItsPushedFiltersBoundToTheFileColumnsEvenWhenPruned() {
        Optimizer.Result result = optimize(countByCountry(bigSales()));

        assertThat(result.appliedRules()).containsSubsequence("PushFiltersIntoScan", "PruneColumns");
        // amount is read for the filter only: the relation outputs country, the filter keeps amount's file position.
        assertThat(result.plan().treeString()).isEqualTo("""
                Aggregate [country#0], [count(*) AS count]
                +- Relation csv s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)]
                """);
        assertThat(PlanFixtures.physical(countByCountry(bigSales()), 2, 4, -1).treeString()).contains(
                "CsvScan s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)]");
    }

    @Test
    void theStagePipelineHasNoFilterStepAndTheTasksScanCarriesTheFilter() {
        JobPlan plan = PlanFixtures.stages(countByCountry(bigSales()), 2, 4);

        assertThat(plan.stages().get(0).steps()).first().isEqualTo(
                "CsvScan s3://raw/sales/ [country:string] PushedFilters: [(amount#4 > 50)]");
        assertThat(plan.stages().get(0).steps()).noneMatch(step -> step.startsWith("Filter"));
        assertThat(plan.stages().get(0).taskPlan(1, Map.of()).source())
                .isInstanceOfSatisfying(PartitionSource.FileScan.class, scan -> {
                    assertThat(scan.columns()).containsExactly(2);
                    assertThat(scan.pushedFilters()).hasToString("[(amount#4 > 50)]");
                });
    }

    @Test
    void everyConjunctIsPushedSeparatelyAndAFilterAboveAnAliasStays() {
        LogicalPlan twoConditions = new Filter(new And(
                new Comparison(Comparison.Op.GT, new ColumnRef("amount"), Literal.of(50)),
                new Comparison(Comparison.Op.NE, new ColumnRef("country"), Literal.of("US"))),
                PlanFixtures.sales());
        assertThat(optimize(twoConditions).plan().treeString()).endsWith(
                "PushedFilters: [(amount#4 > 50), (country#2 != 'US')]\n");

        LogicalPlan aliased = new Filter(new Comparison(Comparison.Op.GT, new ColumnRef("s.amount"), Literal.of(50)),
                new SubqueryAlias("s", PlanFixtures.sales()));
        assertThat(optimize(aliased).plan().treeString()).startsWith("Filter (s.amount#4 > 50)")
                .doesNotContain("PushedFilters");
    }
}
