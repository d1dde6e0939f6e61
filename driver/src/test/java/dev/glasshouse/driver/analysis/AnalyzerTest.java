package dev.glasshouse.driver.analysis;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.driver.optimizer.Optimizer;
import org.junit.jupiter.api.Test;

class AnalyzerTest {
    private final Analyzer analyzer = new Analyzer();

    @Test
    void unknownColumnIsNamedWithTheAvailableOnes() {
        LogicalPlan plan = new Filter(new Comparison(Comparison.Op.EQ, new ColumnRef("contry"), Literal.of("IN")), sales());
        assertThatThrownBy(() -> analyzer.analyze(plan))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("column 'contry' does not exist. Did you mean 'country'? Available columns: order_id,"
                        + " customer_id, country, "
                        + "product, amount, ts");
    }

    @Test
    void comparingAStringWithANumberIsRefused() {
        LogicalPlan plan = new Filter(new Comparison(Comparison.Op.GT, new ColumnRef("country"), Literal.of(5)), sales());
        assertThatThrownBy(() -> analyzer.analyze(plan))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("cannot compare string column 'country' with int 5");
    }

    @Test
    void optimizerPrunesTheScanToTheGroupingColumn() {
        Optimizer.Result result = new Optimizer(analyzer).optimize(analyzer.analyze(countByCountry(sales())));
        assertThat(result.appliedRules()).containsExactly("PruneColumns");
        assertThat(result.plan().treeString()).isEqualTo("""
                Aggregate [country#0], [count(*) AS count]
                +- Relation csv s3://raw/sales/ [country:string]
                """);
    }
}
