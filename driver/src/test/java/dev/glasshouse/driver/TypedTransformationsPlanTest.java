package dev.glasshouse.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.exec.PartitionOperator;
import dev.glasshouse.core.exec.RowsFunction;
import dev.glasshouse.core.exec.UserCode;
import dev.glasshouse.core.plan.MapPartitions;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.planner.JobPlan;
import dev.glasshouse.driver.planner.PlanFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypedTransformationsPlanTest {
    private final DataFrame sales = SqlTestFrames.csv("s3://raw/sales/",
            "order_id long, customer_id long, country string, product string, amount double, ts string");

    @Test
    void mapIsOneUserCodeOperatorInTheScanStageAndNeedsEveryColumn() {
        DataFrame mapped = sales.map(row -> Row.of(List.of(row.get(2), (Double) row.get(4) * 2)),
                "country string, doubled double");
        assertThat(mapped.columns()).containsExactly("country", "doubled");
        JobPlan plan = PlanFixtures.stages(mapped.parsedPlan(), 2, 4);
        // The scan's own text belongs to the file-format code; what matters here is that every column is read.
        assertThat(plan.stages()).hasSize(1);
        assertThat(plan.stages().get(0).steps().get(0)).contains("ts:string]");
        assertThat(plan.stages().get(0).steps().get(1))
                .isEqualTo("MapPartitions map (user code) -> [country:string, doubled:double]");
        assertThat(plan.stages().get(0).operators().get(0)).isInstanceOf(PartitionOperator.UserFunction.class);
    }

    @Test
    void theShippedFunctionRunsAfterARoundTripThroughSerialization() {
        DataFrame filtered = sales.filter(row -> ((Double) row.get(4)) > 50);
        MapPartitions node = (MapPartitions) filtered.parsedPlan();
        RowsFunction function = UserCode.deserialize(node.function(), RowsFunction.class, "filter");
        List<Row> kept = new ArrayList<>();
        function.apply(List.of(row(10.0), row(60.0), row(51.0)).iterator()).forEachRemaining(kept::add);
        assertThat(kept).containsExactly(row(60.0), row(51.0));
    }

    @Test
    void aLambdaCapturingSomethingNotSerializableFailsOnTheDriverNamingTheTransformation() {
        Object notSerializable = new Object() {
            @Override
            public String toString() {
                return "x";
            }
        };
        assertThatThrownBy(() -> sales.map(row -> Row.of(List.of(notSerializable.toString())), "s string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the function given to map cannot be sent to the executors: ")
                .hasMessageContaining("is not serializable. Pass a lambda that captures only serializable values,"
                        + " or a class implementing java.io.Serializable");
    }

    @Test
    void dropDuplicatesOnColumnsGroupsByThemAndKeepsTheFirstOfTheOthersInTheOriginalOrder() {
        DataFrame deduplicated = sales.dropDuplicates("country", "product");
        assertThat(deduplicated.columns()).containsExactly(sales.columns().toArray(String[]::new));
        assertThat(PlanFixtures.physical(deduplicated.parsedPlan(), 2, 4, -1).treeString()).startsWith("""
                Project [order_id#2, customer_id#3, country#0, product#1, amount#4, ts#5]
                +- HashAggregate(final, keys=[country, product], functions=[first(order_id#0) AS order_id, \
                first(customer_id#1) AS customer_id, first(amount#4) AS amount, first(ts#5) AS ts])
                   +- Exchange hashpartitioning([country, product], 4)
                      +- HashAggregate(partial, keys=[country, product], functions=[first(order_id#0) AS order_id, \
                first(customer_id#1) AS customer_id, first(amount#4) AS amount, first(ts#5) AS ts])
                         +- """);
    }

    @Test
    void dropDuplicatesOnAnUnknownColumnSuggestsTheCloseOne() {
        assertThatThrownBy(() -> sales.dropDuplicates("contry"))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("column 'contry' does not exist. Did you mean 'country'? Available columns: order_id,"
                        + " customer_id, country, product, amount, ts");
    }

    @Test
    void sampleIsANarrowOperatorWithItsSeed() {
        DataFrame sampled = sales.sample(0.25, 7);
        List<String> steps = PlanFixtures.stages(sampled.parsedPlan(), 2, 4).stages().get(0).steps();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(1)).isEqualTo("Sample fraction=0.25, seed=7");
        assertThatThrownBy(() -> sales.sample(1.5, 7)).isInstanceOf(AnalysisException.class)
                .hasMessage("sample fraction must be between 0 and 1, not 1.5");
    }

    @Test
    void selectExprParsesSqlExpressionsIntoAProjection() {
        DataFrame selected = sales.selectExpr("country", "amount * 2 AS doubled", "upper(product) AS p");
        assertThat(selected.columns()).containsExactly("country", "doubled", "p");
        assertThat(selected.schema().field(1).type().sqlName()).isEqualTo("double");
    }

    private static Row row(double amount) {
        return Row.of(List.of(1L, 2L, "IN", "pen", amount, "t"));
    }
}
