package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.SqlTestFrames;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SQL text → DataFrame calls, checked on the printed parsed plan; no cluster needed. */
class SqlTranslatorTest {
    private static final String SALES_DDL =
            "order_id long, customer_id long, country string, product string, amount double, quantity int";
    private final List<String> filesRead = new ArrayList<>();
    private Catalog catalog;
    private SqlTranslator sql;

    @BeforeEach
    void setUp() {
        catalog = new Catalog((format, path) -> {
            filesRead.add(format + ":" + path);
            return SqlTestFrames.csv(path, SALES_DDL);
        });
        catalog.createOrReplaceTempView("sales", SqlTestFrames.csv("s3://raw/sales/", SALES_DDL));
        catalog.createOrReplaceTempView("customers",
                SqlTestFrames.csv("s3://raw/customers/", "customer_id long, name string, country string"));
        sql = new SqlTranslator(catalog);
    }

    private String plan(String query) {
        return SqlTestFrames.parsedPlan(sql.translate(query));
    }

    @Test
    void selectWhereBecomesFilterThenProject() {
        assertThat(plan("SELECT country, amount * 2 AS doubled FROM sales WHERE amount > 50 AND country <> 'US'"))
                .isEqualTo("""
                        Project ['country, ('amount * 2) AS doubled]
                        +- Filter (('amount > 50) AND ('country != 'US'))
                           +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, quantity:int]
                        """);
    }

    @Test
    void sqlAndTheEquivalentDataFrameProgramMakeTheSamePlan() {
        DataFrame sales = SqlTestFrames.csv("s3://raw/sales/", SALES_DDL);
        DataFrame program = sales.filter(col("amount").gt(50)).select(col("country"), col("amount"));
        assertThat(plan("SELECT country, amount FROM sales WHERE amount > 50"))
                .isEqualTo(SqlTestFrames.parsedPlan(program));
    }

    @Test
    void groupByWithHavingAggregatesOnceAndNamesTheOutputAsTheSelectListDoes() {
        assertThat(plan("""
                SELECT country, count(*) AS orders, sum(amount) AS revenue
                FROM sales GROUP BY country HAVING count(*) > 10 AND sum(amount) > 1000"""))
                .isEqualTo("""
                        Project ['country, '_agg0 AS orders, '_agg1 AS revenue]
                        +- Filter (('_agg0 > 10) AND ('_agg1 > 1000))
                           +- Aggregate ['country], [count(*) AS _agg0, sum('amount) AS _agg1]
                              +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, quantity:int]
                        """);
    }

    @Test
    void groupByAnExpressionAPositionOrAnAliasGroupsByTheSameKey() {
        String expected = plan("SELECT amount * 2 AS a2, count(*) AS n FROM sales GROUP BY amount * 2");
        assertThat(plan("SELECT amount * 2 AS a2, count(*) AS n FROM sales GROUP BY 1")).isEqualTo(expected);
        assertThat(plan("SELECT amount * 2 AS a2, count(*) AS n FROM sales GROUP BY a2")).isEqualTo(expected);
        assertThat(expected).contains("Aggregate [('amount * 2) AS _group0], [count(*) AS _agg0]");
    }

    @Test
    void aggregatesOverExpressionsAndArithmeticOnAggregates() {
        assertThat(plan("SELECT sum(amount * quantity) / count(*) AS per_order FROM sales"))
                .isEqualTo("""
                        Project [('_agg0 / '_agg1) AS per_order]
                        +- Aggregate [], [sum(('amount * 'quantity)) AS _agg0, count(*) AS _agg1]
                           +- Relation csv s3://raw/sales/ [order_id:long, customer_id:long, country:string, product:string, amount:double, quantity:int]
                        """);
    }

    @Test
    void filesNamedTheSparkWayAreReadInTheirFormat() {
        assertThat(plan("SELECT s.country FROM csv.`s3://raw/other/` s")).contains("Relation csv s3://raw/other/");
        plan("SELECT count(*) FROM PARQUET.`s3://raw/p/`");
        plan("SELECT count(*) FROM json.`s3://raw/j/`");
        assertThat(filesRead).containsExactly("csv:s3://raw/other/", "parquet:s3://raw/p/", "json:s3://raw/j/");
    }

    @Test
    void anUnknownFileFormatNamesTheOnesThatExist() {
        assertThatThrownBy(() -> sql.translate("SELECT * FROM orc.`s3://raw/o/`"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("unknown data source 'orc'")
                .hasMessageContaining("csv.`s3://bucket/path/`, json.`...` or parquet.`...`");
    }

    @Test
    void starExpandsToEveryColumnAndQualifiedNamesResolve() {
        DataFrame frame = sql.translate("SELECT *, c.name AS who FROM customers c WHERE c.country = 'IN'");
        assertThat(frame.columns()).containsExactly("customer_id", "name", "country", "who");
    }

    @Test
    void namesAreCaseInsensitiveLikeSparks() {
        assertThat(sql.translate("SELECT COUNTRY, Amount FROM SALES").columns()).containsExactly("country", "amount");
    }

    @Test
    void aSubqueryInFromIsAnotherSelectBlock() {
        DataFrame frame = sql.translate(
                "SELECT t.country, t.total FROM (SELECT country, sum(amount) AS total FROM sales GROUP BY country) t "
                        + "WHERE t.total > 100");
        assertThat(frame.columns()).containsExactly("country", "total");
    }

    @Test
    void aSyntaxErrorNamesTheLineColumnAndToken() {
        assertThatThrownBy(() -> sql.translate("SELECT country\nFROM sales\nWHERE amount > 5 5"))
                .isInstanceOfSatisfying(SqlSyntaxException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(18);
                    assertThat(e.token()).isEqualTo("5");
                })
                .hasMessageStartingWith("SQL syntax error at line 3, column 18: unexpected input at '5'")
                .hasMessageEndingWith("\n  WHERE amount > 5 5\n                   ^");
    }

    @Test
    void aMisspeltKeywordIsReportedWhereTheParserStopped() {
        assertThatThrownBy(() -> sql.translate("SELECT country FROM sales GROUP country"))
                .isInstanceOf(SqlSyntaxException.class)
                .hasMessageStartingWith("SQL syntax error at line 1, column 27: unexpected input at 'GROUP'");
    }

    @Test
    void anUnknownViewListsTheRegisteredViews() {
        assertThatThrownBy(() -> sql.translate("SELECT * FROM orders"))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("table or view 'orders' not found. Registered views: customers, sales");
    }

    @Test
    void anUnknownColumnListsTheColumnsThereAre() {
        assertThatThrownBy(() -> sql.translate("SELECT c.nme FROM customers c"))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("column 'c.nme' does not exist. Available columns: c.customer_id, c.name, c.country");
    }

    @Test
    void aColumnNeitherGroupedNorAggregatedIsNamed() {
        assertThatThrownBy(() -> sql.translate("SELECT country, product, count(*) FROM sales GROUP BY country"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageStartingWith("column 'product' in SELECT is neither in GROUP BY nor inside an aggregate");
    }

    @Test
    void anAggregateInWhereIsRefusedNamingIt() {
        assertThatThrownBy(() -> sql.translate("SELECT country FROM sales WHERE sum(amount) > 10"))
                .isInstanceOf(AnalysisException.class)
                .hasMessage("aggregate function sum(amount) is not allowed in WHERE: "
                        + "filter on aggregates with HAVING instead");
    }

    @Test
    void anAggregateQueryMatchesTheDataFrameProgram() {
        DataFrame sales = SqlTestFrames.csv("s3://raw/sales/", SALES_DDL);
        DataFrame program = sales.groupBy("country").agg(sum("amount").as("_agg0"))
                .select(col("country"), col("_agg0").as("revenue"));
        assertThat(plan("SELECT country, sum(amount) AS revenue FROM sales GROUP BY country"))
                .isEqualTo(SqlTestFrames.parsedPlan(program));
    }

    @Test
    void joinedColumnsWithTheSameNameAreToldApartByTheirQualifier() {
        String plan = plan("SELECT s.order_id, c.country AS customer_country, s.country FROM sales s "
                + "JOIN customers c ON s.customer_id = c.customer_id AND s.country = c.country");
        assertThat(plan).startsWith(
                "Project ['order_id, 'country_c AS customer_country, 'country]\n"
                        + "+- Join inner");
        assertThat(plan).contains("(('customer_id = 'customer_id_c) AND ('country = 'country_c))");
        assertThat(plan).contains("Project ['customer_id AS customer_id_c, 'name, 'country AS country_c]");
    }

    @Test
    void leftAntiJoinIsReadAlthoughJSqlParserDoesNotKnowIt() {
        DataFrame frame = sql.translate("SELECT c.name FROM customers c\n  LEFT ANTI JOIN sales s "
                + "ON c.customer_id = s.customer_id");
        assertThat(SqlTestFrames.parsedPlan(frame)).contains("left_anti");
        assertThat(frame.columns()).containsExactly("name");
    }

    @Test
    void orderByNamesAnAliasAPositionOrAnInputColumnWithSparksNullOrdering() {
        String plan = plan("SELECT country, amount * 2 AS doubled FROM sales ORDER BY doubled DESC, 1, product "
                + "NULLS LAST LIMIT 3");
        assertThat(plan).startsWith("Limit 3\n+- Project ['country, ('amount * 2) AS doubled]\n   +- Sort ");
        assertThat(plan).contains("('amount * 2) DESC NULLS LAST, 'country ASC NULLS FIRST, 'product ASC NULLS LAST");
    }

    @Test
    void unionAllKeepsTheFirstQuerysNamesAndUnionRemovesDuplicates() {
        DataFrame all = sql.translate("SELECT country FROM sales UNION ALL SELECT name FROM customers");
        assertThat(all.columns()).containsExactly("country");
        assertThat(SqlTestFrames.parsedPlan(sql.translate("SELECT country FROM sales UNION SELECT name FROM customers")))
                .startsWith("Aggregate ['country], []\n+- Union");
    }

    @Test
    void scalarFunctionsCaseCastInBetweenAndLikeTranslate() {
        DataFrame frame = sql.translate("SELECT CASE WHEN amount > 10 THEN 'big' ELSE 'small' END AS size, "
                + "CAST(quantity AS DECIMAL(10,2)) AS q, upper(country) AS c, substring(product, 1, 3) AS p "
                + "FROM sales WHERE country IN ('US', 'IN') AND amount BETWEEN 1 AND 5 AND product NOT LIKE 'l%'");
        assertThat(frame.columns()).containsExactly("size", "q", "c", "p");
        assertThat(frame.schema().field(1).type().sqlName()).isEqualTo("decimal(10,2)");
    }

    @Test
    void anUnknownFunctionIsNamed() {
        assertThatThrownBy(() -> sql.translate("SELECT soundex(country) FROM sales"))
                .isInstanceOf(AnalysisException.class)
                .hasMessageStartingWith("unknown SQL function 'soundex' in soundex(country)");
    }
}
