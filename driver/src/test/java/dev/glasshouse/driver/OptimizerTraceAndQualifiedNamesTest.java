package dev.glasshouse.driver;

import static dev.glasshouse.driver.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.planner.PlanFixtures;
import org.junit.jupiter.api.Test;

class OptimizerTraceAndQualifiedNamesTest {
    private final DataFrame sales = SqlTestFrames.csv("s3://raw/sales/",
            "order_id long, customer_id long, country string, product string, amount double, ts string");
    private final DataFrame customers = SqlTestFrames.csv("s3://raw/customers/",
            "customer_id long, name string, country string");

    @Test
    void extendedExplainShowsEachRuleThatChangedThePlanWithThePlanBeforeAndAfter() {
        DataFrame query = sales.withColumn("doubled", col("amount").multiply(2))
                .select(col("country"), col("doubled").plus(1).as("more"));
        String explained = explain(query);
        String rules = explained.substring(explained.indexOf("== Optimizer Rules"),
                explained.indexOf("== Physical Plan =="));
        assertThat(rules).isEqualTo("""
                == Optimizer Rules (each rule that changed the plan, in order) ==
                --- CombineProjections ---
                before:
                  Project [country#2, (doubled#6 + 1) AS more]
                  +- Project [order_id#0, customer_id#1, country#2, product#3, amount#4, ts#5, (amount#4 * 2) AS doubled]
                     +- <sales>
                after:
                  Project [country#2, ((amount#4 * 2) + 1) AS more]
                  +- <sales>
                --- PruneColumns ---
                before:
                  Project [country#2, ((amount#4 * 2) + 1) AS more]
                  +- <sales>
                after:
                  Project [country#0, ((amount#1 * 2) + 1) AS more]
                  +- <sales pruned>

                """);
        assertThat(explained).contains("== Optimized Logical Plan == (rules applied: CombineProjections, PruneColumns)");
    }

    @Test
    void qualifiedColumnsResolveAgainstTheAliasedSideOfAJoin() {
        DataFrame joined = sales.as("s").join(customers.as("c"), col("s.customer_id").equalTo(col("c.customer_id")))
                .filter(col("c.country").equalTo("IN"))
                .select(col("s.country"), col("c.name"), col("amount"));
        assertThat(joined.columns()).containsExactly("country", "name", "amount");
        String physical = PlanFixtures.physical(joined.parsedPlan(), 2, 4, -1).treeString();
        assertThat(physical.lines().findFirst().orElseThrow())
                .isEqualTo("Project [s.country#1 AS country, c.name#4 AS name, amount#2]");
        assertThat(physical).contains("ShuffledHashJoin inner, [customer_id] = [customer_id]");
    }

    @Test
    void anAmbiguousColumnSuggestsTheQualifiedNames() {
        DataFrame joined = sales.as("s").join(customers.as("c"), col("s.customer_id").equalTo(col("c.customer_id")));
        assertThatThrownBy(() -> joined.select("country"))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("column 'country' is ambiguous: both sides of the join have it. write which one you mean:"
                        + " col(\"s.country\") or col(\"c.country\"); or rename it on one side before joining, e.g."
                        + " withColumnRenamed(\"country\", \"right_country\"), or join with usingColumns");
    }

    @Test
    void aMisspeltQualifiedColumnSuggestsTheQualifiedName() {
        DataFrame joined = sales.as("s").join(customers.as("c"), col("s.customer_id").equalTo(col("c.customer_id")));
        assertThatThrownBy(() -> joined.select("c.nme"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageStartingWith("column 'c.nme' does not exist. Did you mean 'c.name'? Available columns: "
                        + "order_id, customer_id, country, product, amount, ts, customer_id, name, country");
    }

    /** The extended explain text, with the scan's own line (the file-format code's business) replaced. */
    private String explain(DataFrame query) {
        QueryExecution execution = new QueryExecution(query.parsedPlan(), new dev.glasshouse.driver.analysis.Analyzer()
                .analyze(query.parsedPlan()), 4, -1);
        String text = execution.explainString(PlanFixtures.files(2), true);
        String scan = sales.parsedPlan().describe();
        String pruned = execution.optimized().plan().children().get(0).describe();
        return text.replace(scan, "<sales>").replace(pruned, "<sales pruned>");
    }
}
