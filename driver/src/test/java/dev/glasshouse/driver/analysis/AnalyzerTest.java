package dev.glasshouse.driver.analysis;

import static dev.glasshouse.driver.planner.PlanFixtures.countByCountry;
import static dev.glasshouse.driver.planner.PlanFixtures.sales;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.driver.optimizer.Optimizer;
import java.util.List;
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

    @Test
    void computedColumnNamesHaveNoPositionsSoTheySurviveColumnPruning() {
        // The grouping key is named "(amount * 2)" before and after the scan is pruned to one column; a name
        // holding the column's position would change under the Project above and fail its re-binding.
        LogicalPlan grouped = new Aggregate(
                List.of(new Arithmetic(Arithmetic.Op.MULTIPLY, new ColumnRef("amount"), Literal.of(2))),
                List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")), sales());
        LogicalPlan plan = new Project(List.of(new ColumnRef("(amount * 2)"), new ColumnRef("count")), grouped);

        Optimizer.Result result = new Optimizer(analyzer).optimize(analyzer.analyze(plan));

        assertThat(result.plan().schema().names()).containsExactly("(amount * 2)", "count");
        assertThat(result.plan().treeString()).contains("Relation csv s3://raw/sales/ [amount:double]");
    }
}
