package dev.glasshouse.driver.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.StringFunction;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.Analyzer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    private static final LogicalPlan SALES = FileRelation.csv("s3://raw/sales/", CsvOptions.defaults(),
            Schema.parseDdl("country string, amount double, day date"));
    private final Analyzer analyzer = new Analyzer();

    private Optimizer.Result optimize(LogicalPlan parsed) {
        return new Optimizer(analyzer).optimize(analyzer.analyze(parsed));
    }

    @Test
    void constantSubexpressionsBecomeLiteralsAndKeepTheirColumnNames() {
        LogicalPlan plan = new Project(List.of(
                new Arithmetic(Arithmetic.Op.MULTIPLY, new ColumnRef("amount"),
                        new Arithmetic(Arithmetic.Op.ADD, Literal.of(1), Literal.of(1))),
                new StringFunction(StringFunction.Op.UPPER, Literal.of("in")),
                new Alias(new Arithmetic(Arithmetic.Op.SUBTRACT, Literal.of(10L), Literal.of(3)), "seven")), SALES);
        Optimizer.Result result = optimize(plan);
        assertThat(result.appliedRules()).contains("ConstantFolding");
        assertThat(result.plan().treeString()).isEqualTo("""
                Project [(amount#0 * 2) AS (amount * (1 + 1)), 'IN' AS upper(in), 7 AS seven]
                +- Relation csv s3://raw/sales/ [amount:double]
                """);
        // Output names are Spark's: columns by name, no positions, so they survive pruning unchanged.
        assertThat(result.plan().schema().names()).containsExactly("(amount * (1 + 1))", "upper(in)", "seven");
    }

    @Test
    void aFilterThatIsAlwaysTrueIsRemoved() {
        LogicalPlan plan = new Filter(new Comparison(Comparison.Op.LT, Literal.of(1), Literal.of(2)), SALES);
        Optimizer.Result result = optimize(plan);
        assertThat(result.plan().treeString()).isEqualTo("""
                Relation csv s3://raw/sales/ [country:string, amount:double, day:date]
                """);
    }

    @Test
    void aStringComparedWithADateFoldsToADateLiteral() {
        LogicalPlan plan = new Filter(new Comparison(Comparison.Op.GE, new ColumnRef("day"), Literal.of("2024-01-05")),
                SALES);
        assertThat(optimize(plan).plan().treeString()).isEqualTo("""
                Relation csv s3://raw/sales/ [country:string, amount:double, day:date] PushedFilters: [(day#2 >= DATE '2024-01-05')]
                """);
    }
}
