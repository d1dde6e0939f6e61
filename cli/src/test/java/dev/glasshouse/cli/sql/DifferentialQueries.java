package dev.glasshouse.cli.sql;

import static dev.glasshouse.cli.sql.DifferentialViews.whole;
import static dev.glasshouse.driver.functions.avg;
import static dev.glasshouse.driver.functions.coalesce;
import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.concat;
import static dev.glasshouse.driver.functions.count;
import static dev.glasshouse.driver.functions.countDistinct;
import static dev.glasshouse.driver.functions.date_trunc;
import static dev.glasshouse.driver.functions.length;
import static dev.glasshouse.driver.functions.lit;
import static dev.glasshouse.driver.functions.lower;
import static dev.glasshouse.driver.functions.max;
import static dev.glasshouse.driver.functions.min;
import static dev.glasshouse.driver.functions.month;
import static dev.glasshouse.driver.functions.not;
import static dev.glasshouse.driver.functions.substring;
import static dev.glasshouse.driver.functions.sum;
import static dev.glasshouse.driver.functions.to_date;
import static dev.glasshouse.driver.functions.trim;
import static dev.glasshouse.driver.functions.upper;
import static dev.glasshouse.driver.functions.when;
import static dev.glasshouse.driver.functions.year;

import dev.glasshouse.driver.DataFrame;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The queries of {@link DuckDbDifferentialTest}, over the tables of {@link DifferentialTables}: sales, customers,
 * nullable, skewed, events (with header-only files) and unicode_names.
 *
 * <p>Where Spark's semantics differ from DuckDB's, the DuckDB side is written to follow Spark and a comment says
 * how. Glasshouse follows Spark: {@code /} always divides in double and yields null when dividing by zero.
 *
 * <p>Most queries also carry their DataFrame-API form, written with the Java API over {@link DifferentialViews};
 * it must return the same rows (in the same order when ordered). A query without one says why next to it.
 */
final class DifferentialQueries {
    /**
     * @param ordered   the result's row order is part of the answer (the query ends in ORDER BY)
     * @param dataFrame the same query written with the DataFrame API, or null when the API cannot express it
     */
    record Query(String sql, String duckDbSql, boolean ordered, Function<DifferentialViews, DataFrame> dataFrame) {
        /** The query joins tables, so its DataFrame form also runs with broadcasts switched off. */
        boolean joins() {
            return sql.contains(" JOIN ");
        }

        /** A full outer join keeps unmatched rows of both sides, so neither side can ever be broadcast. */
        boolean fullOuterJoin() {
            return sql.contains(" FULL ");
        }

        @Override
        public String toString() {
            return sql;
        }
    }

    private final List<Query> queries = new ArrayList<>();

    private DifferentialQueries() {
    }

    /** The same text for both engines; SQL only. */
    private void same(String sql) {
        queries.add(new Query(sql, sql, sql.contains("ORDER BY"), null));
    }

    /** The same text for both engines, and the query's DataFrame-API form. */
    private void same(String sql, Function<DifferentialViews, DataFrame> dataFrame) {
        queries.add(new Query(sql, sql, sql.contains("ORDER BY"), dataFrame));
    }

    /** Spark semantics that DuckDB expresses differently, and the query's DataFrame-API form. */
    private void differs(String sql, String duckDbSql, Function<DifferentialViews, DataFrame> dataFrame) {
        queries.add(new Query(sql, duckDbSql, sql.contains("ORDER BY"), dataFrame));
    }

    static List<Query> all() {
        DifferentialQueries q = new DifferentialQueries();
        q.projectionsAndFilters();
        q.aggregates();
        q.nullsSkewEmptyFilesAndUnicode();
        q.orderDistinctLimitUnion();
        q.joins();
        q.scalarFunctions();
        return List.copyOf(q.queries);
    }

    private void projectionsAndFilters() {
        same("SELECT order_id, amount FROM sales WHERE amount > 450",
                v -> v.sales().filter(col("amount").gt(450)).select("order_id", "amount"));
        same("SELECT order_id, amount * 2 AS doubled, amount - 1 AS less, amount + order_id AS mixed FROM sales "
                + "WHERE country = 'DE'",
                v -> v.sales().filter(col("country").equalTo("DE")).select(col("order_id"),
                        col("amount").multiply(2).as("doubled"), col("amount").minus(1).as("less"),
                        col("amount").plus(col("order_id")).as("mixed")));
        same("SELECT order_id, customer_id % 7 AS bucket FROM sales WHERE order_id <= 200",
                v -> v.sales().filter(col("order_id").leq(200))
                        .select(col("order_id"), col("customer_id").mod(7).as("bucket")));
        // Spark: int / int is a double division, as DuckDB's / is.
        same("SELECT order_id, order_id / 4 AS quarter FROM sales WHERE order_id < 100",
                v -> v.sales().filter(col("order_id").lt(100))
                        .select(col("order_id"), col("order_id").divide(4).as("quarter")));
        same("SELECT order_id, customer_id, country, product, amount FROM sales WHERE order_id >= 10 AND order_id <= 20",
                v -> v.sales().filter(col("order_id").geq(10).and(col("order_id").leq(20)))
                        .select("order_id", "customer_id", "country", "product", "amount"));
        same("SELECT order_id FROM sales WHERE country = 'US' AND amount < 20 OR country = 'JP' AND amount > 495",
                v -> v.sales().filter(col("country").equalTo("US").and(col("amount").lt(20))
                        .or(col("country").equalTo("JP").and(col("amount").gt(495)))).select("order_id"));
        same("SELECT order_id FROM sales WHERE NOT (country = 'US' OR country = 'IN') AND amount < 10",
                v -> v.sales().filter(not(col("country").equalTo("US").or(col("country").equalTo("IN")))
                        .and(col("amount").lt(10))).select("order_id"));
        same("SELECT order_id, amount FROM sales WHERE order_id > 5990.5",
                v -> v.sales().filter(col("order_id").gt(5990.5)).select("order_id", "amount"));
        // Column has no unary minus: the DataFrame form negates as 0 - amount.
        same("SELECT 1 AS one, 'x' AS letter, order_id, -amount AS negated FROM sales WHERE order_id < 5",
                v -> v.sales().filter(col("order_id").lt(5)).select(lit(1).as("one"), lit("x").as("letter"),
                        col("order_id"), lit(0).minus(col("amount")).as("negated")));
        same("SELECT c.name, c.segment FROM customers c WHERE c.country = 'IN' AND c.segment <> 'retail'",
                v -> v.customers().as("c").filter(col("c.country").equalTo("IN")
                        .and(col("c.segment").notEqual("retail"))).select("c.name", "c.segment"));
        same("SELECT t.country, t.total FROM (SELECT country, sum(amount) AS total FROM sales GROUP BY country) t "
                + "WHERE t.total > 20000",
                v -> v.sales().groupBy("country").agg(sum("amount").as("total")).as("t")
                        .filter(col("t.total").gt(20000)).select("t.country", "t.total"));
    }

    private void aggregates() {
        same("SELECT count(*) AS n FROM sales", v -> whole(v.sales()).agg(count("*").as("n")));
        same("SELECT country, count(*) AS n FROM sales GROUP BY country",
                v -> v.sales().groupBy("country").agg(count("*").as("n")));
        same("SELECT country, product, count(*) AS n, sum(amount) AS revenue FROM sales GROUP BY country, product",
                v -> v.sales().groupBy("country", "product").agg(count("*").as("n"), sum("amount").as("revenue")));
        same("SELECT country, min(amount) AS lo, max(amount) AS hi, avg(amount) AS mean FROM sales GROUP BY country",
                v -> v.sales().groupBy("country")
                        .agg(min("amount").as("lo"), max("amount").as("hi"), avg("amount").as("mean")));
        same("SELECT product, sum(amount) AS revenue FROM sales WHERE amount > 100 GROUP BY product",
                v -> v.sales().filter(col("amount").gt(100)).groupBy("product").agg(sum("amount").as("revenue")));
        same("SELECT country, count(*) AS n FROM sales GROUP BY country HAVING count(*) > 300",
                v -> v.sales().groupBy("country").agg(count("*").as("n")).filter(col("n").gt(300)));
        same("SELECT country, sum(amount) AS revenue FROM sales GROUP BY country "
                + "HAVING sum(amount) > 30000 AND count(*) < 1000",
                v -> v.sales().groupBy("country").agg(sum("amount").as("revenue"), count("*").as("n"))
                        .filter(col("revenue").gt(30000).and(col("n").lt(1000))).select("country", "revenue"));
        same("SELECT country, count(*) AS n FROM sales GROUP BY country HAVING n > 200",
                v -> v.sales().groupBy("country").agg(count("*").as("n")).filter(col("n").gt(200)));
        // SQL only: GROUP BY 1 (a position) is SQL syntax; its DataFrame form is the groupBy("country") above.
        same("SELECT country, count(*) AS n FROM sales GROUP BY 1");
        same("SELECT order_id % 10 AS bucket, count(*) AS n, sum(amount) AS s FROM sales GROUP BY order_id % 10",
                v -> v.sales().groupBy(col("order_id").mod(10).as("bucket"))
                        .agg(count("*").as("n"), sum("amount").as("s")));
        // The API's agg(...) takes aggregates only, so arithmetic over them is a select after the aggregation.
        same("SELECT country, sum(amount) / count(*) AS per_order, max(amount) - min(amount) AS spread "
                + "FROM sales GROUP BY country",
                v -> v.sales().groupBy("country")
                        .agg(sum("amount").as("s"), count("*").as("n"), max("amount").as("hi"), min("amount").as("lo"))
                        .select(col("country"), col("s").divide(col("n")).as("per_order"),
                                col("hi").minus(col("lo")).as("spread")));
        same("SELECT sum(amount * 2) AS s2, max(-amount) AS m, count(customer_id) AS c FROM sales",
                v -> whole(v.sales()).agg(sum(col("amount").multiply(2)).as("s2"),
                        max(lit(0).minus(col("amount"))).as("m"), count("customer_id").as("c")));
        same("SELECT min(country) AS first_country, max(product) AS last_product FROM sales",
                v -> whole(v.sales()).agg(min("country").as("first_country"), max("product").as("last_product")));
        // Spark: sum of an int column is a bigint; DuckDB's is a hugeint: both compared as 64-bit integers.
        same("SELECT segment, count(*) AS n, sum(customer_id) AS ids, avg(customer_id) AS mean_id "
                + "FROM customers GROUP BY segment",
                v -> v.customers().groupBy("segment").agg(count("*").as("n"), sum("customer_id").as("ids"),
                        avg("customer_id").as("mean_id")));
        same("SELECT count(*) AS n, sum(amount) AS s, max(amount) AS m FROM sales WHERE amount < 0",
                v -> whole(v.sales().filter(col("amount").lt(0)))
                        .agg(count("*").as("n"), sum("amount").as("s"), max("amount").as("m")));
        same("SELECT country, count(*) AS n FROM sales WHERE amount < 0 GROUP BY country",
                v -> v.sales().filter(col("amount").lt(0)).groupBy("country").agg(count("*").as("n")));
        same("SELECT country FROM sales GROUP BY country",
                v -> v.sales().groupBy("country").count().select("country"));
        same("SELECT c.country, c.segment, count(*) AS n FROM customers c GROUP BY c.country, c.segment "
                + "HAVING count(*) > 150",
                v -> v.customers().as("c").groupBy("c.country", "c.segment").agg(count("*").as("n"))
                        .filter(col("n").gt(150)));
    }

    private void nullsSkewEmptyFilesAndUnicode() {
        same("SELECT count(*) AS n, count(grp) AS g, count(val) AS v, sum(val) AS s, avg(val) AS a, "
                + "min(score) AS lo, max(score) AS hi FROM nullable",
                v -> whole(v.nullable()).agg(count("*").as("n"), count("grp").as("g"), count("val").as("v"),
                        sum("val").as("s"), avg("val").as("a"), min("score").as("lo"), max("score").as("hi")));
        same("SELECT grp, count(*) AS n, sum(val) AS s, avg(score) AS a FROM nullable GROUP BY grp",
                v -> v.nullable().groupBy("grp").agg(count("*").as("n"), sum("val").as("s"), avg("score").as("a")));
        same("SELECT id FROM nullable WHERE val IS NULL",
                v -> v.nullable().filter(col("val").isNull()).select("id"));
        same("SELECT id, val FROM nullable WHERE val IS NOT NULL AND score > 50.5",
                v -> v.nullable().filter(col("val").isNotNull().and(col("score").gt(50.5))).select("id", "val"));
        same("SELECT id, val + 1 AS plus, val * score AS product, val / 3 AS third, val % 7 AS rest FROM nullable",
                v -> v.nullable().select(col("id"), col("val").plus(1).as("plus"),
                        col("val").multiply(col("score")).as("product"), col("val").divide(3).as("third"),
                        col("val").mod(7).as("rest")));
        // Spark: division by zero is null (non-ANSI mode); DuckDB says so with NULLIF.
        differs("SELECT id, val / 0 AS nothing, score / (val - val) AS nothing_either FROM nullable",
                "SELECT id, val / NULLIF(0, 0) AS nothing, score / NULLIF(val - val, 0) AS nothing_either "
                        + "FROM nullable",
                v -> v.nullable().select(col("id"), col("val").divide(0).as("nothing"),
                        col("score").divide(col("val").minus(col("val"))).as("nothing_either")));
        same("SELECT id FROM nullable WHERE val > 10 OR score > 90",
                v -> v.nullable().filter(col("val").gt(10).or(col("score").gt(90))).select("id"));
        same("SELECT id FROM nullable WHERE NOT (val > 10)",
                v -> v.nullable().filter(not(col("val").gt(10))).select("id"));
        same("SELECT flag, count(*) AS n, sum(val) AS s FROM nullable GROUP BY flag",
                v -> v.nullable().groupBy("flag").agg(count("*").as("n"), sum("val").as("s")));
        same("SELECT id FROM nullable WHERE flag", v -> v.nullable().filter(col("flag")).select("id"));
        same("SELECT id FROM nullable WHERE NOT flag AND grp = 'a'",
                v -> v.nullable().filter(not(col("flag")).and(col("grp").equalTo("a"))).select("id"));
        same("SELECT grp, flag, min(val) AS lo, max(val) AS hi FROM nullable GROUP BY grp, flag",
                v -> v.nullable().groupBy("grp", "flag").agg(min("val").as("lo"), max("val").as("hi")));
        same("SELECT k, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi FROM skewed GROUP BY k",
                v -> v.skewed().groupBy("k").agg(count("*").as("n"), sum("v").as("s"), min("v").as("lo"),
                        max("v").as("hi")));
        same("SELECT count(*) AS n, sum(v) AS s FROM skewed WHERE k = 0",
                v -> whole(v.skewed().filter(col("k").equalTo(0))).agg(count("*").as("n"), sum("v").as("s")));
        same("SELECT count(*) AS n, sum(v) AS s, min(kind) AS k FROM events",
                v -> whole(v.events()).agg(count("*").as("n"), sum("v").as("s"), min("kind").as("k")));
        same("SELECT kind, count(*) AS n, avg(v) AS a FROM events GROUP BY kind",
                v -> v.events().groupBy("kind").agg(count("*").as("n"), avg("v").as("a")));
        same("SELECT name, city FROM unicode_names WHERE city = 'Łódź'",
                v -> v.unicodeNames().filter(col("city").equalTo("Łódź")).select("name", "city"));
        same("SELECT city, count(*) AS n FROM unicode_names GROUP BY city",
                v -> v.unicodeNames().groupBy("city").agg(count("*").as("n")));
        same("SELECT id, name FROM unicode_names WHERE name = 'Smith, Jr.' OR name = '😀 smile'",
                v -> v.unicodeNames().filter(col("name").equalTo("Smith, Jr.").or(col("name").equalTo("😀 smile")))
                        .select("id", "name"));
        same("SELECT min(name) AS first_name, max(city) AS last_city FROM unicode_names WHERE id < 6",
                v -> whole(v.unicodeNames().filter(col("id").lt(6)))
                        .agg(min("name").as("first_name"), max("city").as("last_city")));
    }

    private void orderDistinctLimitUnion() {
        same("SELECT country, count(*) AS n FROM sales GROUP BY country ORDER BY n DESC, country",
                v -> v.sales().groupBy("country").agg(count("*").as("n")).orderBy(col("n").desc(), col("country")));
        same("SELECT order_id, amount FROM sales WHERE country = 'SE' ORDER BY amount DESC, order_id LIMIT 7",
                v -> v.sales().filter(col("country").equalTo("SE")).select("order_id", "amount")
                        .orderBy(col("amount").desc(), col("order_id")).limit(7));
        same("SELECT order_id FROM sales ORDER BY order_id LIMIT 5",
                v -> v.sales().select("order_id").orderBy("order_id").limit(5));
        same("SELECT count(*) AS n FROM (SELECT order_id FROM sales ORDER BY amount, order_id LIMIT 123) t",
                v -> whole(v.sales().orderBy("amount", "order_id").limit(123).select("order_id"))
                        .agg(count("*").as("n")));
        // Spark: ascending puts nulls first, descending last; DuckDB's default is nulls last both ways.
        differs("SELECT id, val FROM nullable ORDER BY val, id",
                "SELECT id, val FROM nullable ORDER BY val NULLS FIRST, id",
                v -> v.nullable().select("id", "val").orderBy(col("val"), col("id")));
        differs("SELECT id, score FROM nullable ORDER BY score DESC, id",
                "SELECT id, score FROM nullable ORDER BY score DESC NULLS LAST, id",
                v -> v.nullable().select("id", "score").orderBy(col("score").desc(), col("id")));
        same("SELECT id, val FROM nullable ORDER BY val ASC NULLS LAST, id DESC",
                v -> v.nullable().select("id", "val").orderBy(col("val").asc_nulls_last(), col("id").desc()));
        same("SELECT id, val FROM nullable ORDER BY val DESC NULLS FIRST, id",
                v -> v.nullable().select("id", "val").orderBy(col("val").desc_nulls_first(), col("id").asc()));
        same("SELECT DISTINCT country, product FROM sales WHERE amount > 300 ORDER BY 2, 1 LIMIT 20",
                v -> v.sales().filter(col("amount").gt(300)).select("country", "product").distinct()
                        .orderBy("product", "country").limit(20));
        same("SELECT DISTINCT grp FROM nullable", v -> v.nullable().select("grp").distinct());
        same("SELECT DISTINCT k FROM skewed", v -> v.skewed().select("k").distinct());
        same("SELECT DISTINCT grp, flag FROM nullable", v -> v.nullable().select("grp", "flag").distinct());
        same("SELECT country FROM sales WHERE amount > 499 UNION ALL SELECT country FROM customers WHERE customer_id < 5",
                v -> v.sales().filter(col("amount").gt(499)).select("country")
                        .union(v.customers().filter(col("customer_id").lt(5)).select("country")));
        // Spark's union keeps duplicates (SQL's UNION ALL); SQL's UNION is union(...).distinct().
        same("SELECT country FROM sales UNION SELECT country FROM customers",
                v -> v.sales().select("country").union(v.customers().select("country")).distinct());
        same("SELECT id, grp FROM nullable WHERE val > 90 UNION ALL SELECT id, grp FROM nullable WHERE val < -45 "
                + "ORDER BY id",
                v -> v.nullable().filter(col("val").gt(90)).select("id", "grp")
                        .union(v.nullable().filter(col("val").lt(-45)).select("id", "grp")).orderBy("id"));
        same("SELECT kind, v FROM events WHERE v < 3 UNION ALL SELECT city, id FROM unicode_names",
                v -> v.events().filter(col("v").lt(3)).select("kind", "v")
                        .union(v.unicodeNames().select("city", "id")));
    }

    private void joins() {
        same("SELECT s.order_id, c.name, c.segment FROM sales s JOIN customers c ON s.customer_id = c.customer_id",
                v -> v.sales().as("s").join(v.customers().as("c"), col("s.customer_id").equalTo(col("c.customer_id")))
                        .select("s.order_id", "c.name", "c.segment"));
        same("SELECT s.order_id, s.country, c.country AS customer_country FROM sales s "
                + "INNER JOIN customers c ON s.customer_id = c.customer_id AND s.country = c.country",
                v -> v.sales().as("s").join(v.customers().as("c"), col("s.customer_id").equalTo(col("c.customer_id"))
                                .and(col("s.country").equalTo(col("c.country"))), "inner")
                        .select(col("s.order_id"), col("s.country"), col("c.country").as("customer_country")));
        same("SELECT c.customer_id, s.order_id FROM customers c LEFT JOIN sales s ON c.customer_id = s.customer_id "
                + "WHERE c.customer_id < 400",
                v -> v.customers().as("c").join(v.sales().as("s"),
                                col("c.customer_id").equalTo(col("s.customer_id")), "left")
                        .filter(col("c.customer_id").lt(400)).select("c.customer_id", "s.order_id"));
        same("SELECT s.order_id, c.name FROM customers c RIGHT JOIN sales s ON c.customer_id = s.customer_id "
                + "WHERE s.order_id < 300",
                v -> v.customers().as("c").join(v.sales().as("s"),
                                col("c.customer_id").equalTo(col("s.customer_id")), "right")
                        .filter(col("s.order_id").lt(300)).select("s.order_id", "c.name"));
        same("SELECT c.customer_id, s.order_id FROM (SELECT * FROM customers WHERE customer_id < 200) c "
                + "FULL OUTER JOIN (SELECT * FROM sales WHERE customer_id < 2000) s ON c.customer_id = s.customer_id",
                v -> v.customers().filter(col("customer_id").lt(200)).as("c")
                        .join(v.sales().filter(col("customer_id").lt(2000)).as("s"),
                                col("c.customer_id").equalTo(col("s.customer_id")), "full")
                        .select("c.customer_id", "s.order_id"));
        // DuckDB writes Spark's LEFT SEMI / LEFT ANTI JOIN as EXISTS / NOT EXISTS.
        differs("SELECT c.customer_id, c.name FROM customers c LEFT SEMI JOIN sales s ON c.customer_id = s.customer_id",
                "SELECT c.customer_id, c.name FROM customers c "
                        + "WHERE EXISTS (SELECT 1 FROM sales s WHERE c.customer_id = s.customer_id)",
                v -> v.customers().as("c").join(v.sales().as("s"),
                                col("c.customer_id").equalTo(col("s.customer_id")), "left_semi")
                        .select("c.customer_id", "c.name"));
        differs("SELECT c.customer_id FROM customers c LEFT ANTI JOIN sales s ON c.customer_id = s.customer_id",
                "SELECT c.customer_id FROM customers c "
                        + "WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE c.customer_id = s.customer_id)",
                v -> v.customers().as("c").join(v.sales().as("s"),
                                col("c.customer_id").equalTo(col("s.customer_id")), "left_anti")
                        .select("c.customer_id"));
        same("SELECT c.segment, count(*) AS orders, sum(s.amount) AS revenue FROM sales s "
                + "JOIN customers c ON s.customer_id = c.customer_id GROUP BY c.segment",
                v -> v.sales().as("s").join(v.customers().as("c"), col("s.customer_id").equalTo(col("c.customer_id")))
                        .groupBy("c.segment").agg(count("*").as("orders"), sum("s.amount").as("revenue")));
        same("SELECT a.id, b.id AS other FROM nullable a JOIN nullable b ON a.val = b.val WHERE a.id < 40",
                v -> v.nullable().as("a").join(v.nullable().as("b"), col("a.val").equalTo(col("b.val")))
                        .filter(col("a.id").lt(40)).select(col("a.id"), col("b.id").as("other")));
        same("SELECT a.id, b.grp FROM nullable a LEFT JOIN nullable b ON a.grp = b.grp AND a.id = b.id",
                v -> v.nullable().as("a").join(v.nullable().as("b"),
                                col("a.grp").equalTo(col("b.grp")).and(col("a.id").equalTo(col("b.id"))), "left_outer")
                        .select("a.id", "b.grp"));
        same("SELECT s.k, count(*) AS n FROM skewed s JOIN skewed t ON s.k = t.k WHERE s.k > 0 GROUP BY s.k",
                v -> v.skewed().as("s").join(v.skewed().as("t"), col("s.k").equalTo(col("t.k")))
                        .filter(col("s.k").gt(0)).groupBy("s.k").agg(count("*").as("n")));
        same("SELECT s.order_id, c.name, c2.segment FROM sales s JOIN customers c ON s.customer_id = c.customer_id "
                + "JOIN customers c2 ON c.customer_id = c2.customer_id AND c.country = c2.country",
                v -> v.sales().as("s").join(v.customers().as("c"), col("s.customer_id").equalTo(col("c.customer_id")))
                        .join(v.customers().as("c2"), col("c.customer_id").equalTo(col("c2.customer_id"))
                                .and(col("c.country").equalTo(col("c2.country"))))
                        .select("s.order_id", "c.name", "c2.segment"));
        same("SELECT e.kind, n.grp FROM events e JOIN nullable n ON e.v = n.id",
                v -> v.events().as("e").join(v.nullable().as("n"), col("e.v").equalTo(col("n.id")))
                        .select("e.kind", "n.grp"));
    }

    private void scalarFunctions() {
        same("SELECT order_id FROM sales WHERE country IN ('SE', 'NL') AND amount < 50",
                v -> v.sales().filter(col("country").isin("SE", "NL").and(col("amount").lt(50))).select("order_id"));
        same("SELECT id FROM nullable WHERE val NOT IN (1, 2, 3) AND id < 50",
                v -> v.nullable().filter(not(col("val").isin(1, 2, 3)).and(col("id").lt(50))).select("id"));
        same("SELECT order_id FROM sales WHERE amount BETWEEN 10 AND 12.5",
                v -> v.sales().filter(col("amount").between(10, 12.5)).select("order_id"));
        same("SELECT id FROM nullable WHERE val NOT BETWEEN 0 AND 90",
                v -> v.nullable().filter(not(col("val").between(0, 90))).select("id"));
        same("SELECT name FROM customers WHERE name LIKE 'customer 1_' OR name LIKE '%99'",
                v -> v.customers().filter(col("name").like("customer 1_").or(col("name").like("%99"))).select("name"));
        same("SELECT id, name FROM unicode_names WHERE name NOT LIKE '%a%'",
                v -> v.unicodeNames().filter(not(col("name").like("%a%"))).select("id", "name"));
        same("SELECT id, CASE WHEN val > 50 THEN 'high' WHEN val > 0 THEN 'low' ELSE 'other' END AS band "
                + "FROM nullable",
                v -> v.nullable().select(col("id"), when(col("val").gt(50), "high").when(col("val").gt(0), "low")
                        .otherwise("other").as("band")));
        // The API has no simple CASE (CASE x WHEN ...): the DataFrame form compares in each branch instead.
        same("SELECT CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 END AS code, count(*) AS n FROM nullable "
                + "GROUP BY CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 END",
                v -> v.nullable().groupBy(when(col("grp").equalTo("a"), 1).when(col("grp").equalTo("b"), 2).as("code"))
                        .agg(count("*").as("n")));
        same("SELECT id, coalesce(val, 0) AS v, coalesce(grp, 'none') AS g FROM nullable",
                v -> v.nullable().select(col("id"), coalesce(col("val"), lit(0)).as("v"),
                        coalesce(col("grp"), lit("none")).as("g")));
        same("SELECT id, upper(name) AS up, lower(city) AS low, length(name) AS len FROM unicode_names",
                v -> v.unicodeNames().select(col("id"), upper(col("name")).as("up"), lower(col("city")).as("low"),
                        length(col("name")).as("len")));
        same("SELECT id, trim(name) AS t, substring(city, 2, 3) AS mid, substr(name, 1, 2) AS head "
                + "FROM unicode_names",
                v -> v.unicodeNames().select(col("id"), trim(col("name")).as("t"),
                        substring(col("city"), 2, 3).as("mid"), substring(col("name"), 1, 2).as("head")));
        // Spark: concat is null when any argument is; DuckDB's concat skips nulls, its || does not.
        differs("SELECT id, concat(grp, '-', CAST(val AS STRING)) AS tag FROM nullable",
                "SELECT id, grp || '-' || CAST(val AS VARCHAR) AS tag FROM nullable",
                v -> v.nullable().select(col("id"), concat(col("grp"), lit("-"), col("val").cast("string")).as("tag")));
        // The API has no || operator: concat is the same function.
        same("SELECT id, grp || '!' AS shout FROM nullable WHERE id < 30",
                v -> v.nullable().filter(col("id").lt(30)).select(col("id"), concat(col("grp"), lit("!")).as("shout")));
        // Spark: casting a double to int truncates toward zero; DuckDB rounds, so it truncates first.
        differs("SELECT order_id, CAST(amount AS INT) AS whole FROM sales WHERE order_id < 200",
                "SELECT order_id, CAST(trunc(amount) AS INTEGER) AS whole FROM sales WHERE order_id < 200",
                v -> v.sales().filter(col("order_id").lt(200))
                        .select(col("order_id"), col("amount").cast("int").as("whole")));
        same("SELECT order_id, CAST(amount AS DECIMAL(10,2)) AS exact FROM sales WHERE order_id < 100",
                v -> v.sales().filter(col("order_id").lt(100))
                        .select(col("order_id"), col("amount").cast("decimal(10,2)").as("exact")));
        same("SELECT sum(CAST(amount AS DECIMAL(10,2))) AS exact_total FROM sales",
                v -> whole(v.sales()).agg(sum(col("amount").cast("decimal(10,2)")).as("exact_total")));
        same("SELECT CAST(val AS DOUBLE) / 2 AS half, CAST(id AS STRING) AS text FROM nullable WHERE id < 20",
                v -> v.nullable().filter(col("id").lt(20))
                        .select(col("val").cast("double").divide(2).as("half"), col("id").cast("string").as("text")));
        same("SELECT count(DISTINCT country) AS countries FROM sales",
                v -> whole(v.sales()).agg(countDistinct("country").as("countries")));
        same("SELECT country, count(DISTINCT product) AS products FROM sales GROUP BY country",
                v -> v.sales().groupBy("country").agg(countDistinct("product").as("products")));
        same("SELECT country, count(DISTINCT product) AS products, count(*) AS n, avg(amount) AS mean,"
                        + " min(amount) AS low FROM sales GROUP BY country",
                v -> v.sales().groupBy("country").agg(countDistinct("product").as("products"), count("*").as("n"),
                        avg("amount").as("mean"), min("amount").as("low")));
        same("SELECT count(DISTINCT val) AS vals, count(val) AS non_null, count(*) AS n FROM nullable",
                v -> v.nullable().agg(countDistinct("val").as("vals"), count("val").as("non_null"),
                        count("*").as("n")));
        same("SELECT year(ts) AS y, month(ts) AS m, count(*) AS n FROM sales GROUP BY year(ts), month(ts)",
                v -> v.sales().groupBy(year(col("ts")).as("y"), month(col("ts")).as("m")).agg(count("*").as("n")));
        // Spark's to_date of a timestamp is CAST(... AS DATE).
        differs("SELECT order_id, to_date(ts) AS day FROM sales WHERE order_id < 50",
                "SELECT order_id, CAST(ts AS DATE) AS day FROM sales WHERE order_id < 50",
                v -> v.sales().filter(col("order_id").lt(50)).select(col("order_id"), to_date(col("ts")).as("day")));
        same("SELECT date_trunc('month', ts) AS month_start, count(*) AS n FROM sales GROUP BY date_trunc('month', ts)",
                v -> v.sales().groupBy(date_trunc("month", col("ts")).as("month_start")).agg(count("*").as("n")));
        same("SELECT order_id FROM sales WHERE ts < CAST('2024-02-01' AS TIMESTAMP) AND amount > 400",
                v -> v.sales().filter(col("ts").lt(lit("2024-02-01").cast("timestamp")).and(col("amount").gt(400)))
                        .select("order_id"));
        same("SELECT count(*) AS n FROM sales WHERE CAST(ts AS DATE) = DATE '2024-03-15'",
                v -> whole(v.sales().filter(col("ts").cast("date").equalTo(LocalDate.of(2024, 3, 15))))
                        .agg(count("*").as("n")));
    }
}
