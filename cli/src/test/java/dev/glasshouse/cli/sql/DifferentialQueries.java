package dev.glasshouse.cli.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The queries of {@link DuckDbDifferentialTest}, over the tables of {@link DifferentialTables}: sales, customers,
 * nullable, skewed, events (with header-only files) and unicode_names.
 *
 * <p>Where Spark's semantics differ from DuckDB's, the DuckDB side is written to follow Spark and a comment says
 * how. Glasshouse follows Spark: {@code /} always divides in double and yields null when dividing by zero.
 */
final class DifferentialQueries {
    /** @param ordered the result's row order is part of the answer (the query ends in ORDER BY) */
    record Query(String sql, String duckDbSql, boolean ordered) {
        @Override
        public String toString() {
            return sql;
        }
    }

    private final List<Query> queries = new ArrayList<>();

    private DifferentialQueries() {
    }

    /** The same text for both engines. */
    private void same(String sql) {
        queries.add(new Query(sql, sql, sql.contains("ORDER BY")));
    }

    /** Spark semantics that DuckDB expresses differently. */
    private void differs(String sql, String duckDbSql) {
        queries.add(new Query(sql, duckDbSql, sql.contains("ORDER BY")));
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
        same("SELECT order_id, amount FROM sales WHERE amount > 450");
        same("SELECT order_id, amount * 2 AS doubled, amount - 1 AS less, amount + order_id AS mixed FROM sales "
                + "WHERE country = 'DE'");
        same("SELECT order_id, customer_id % 7 AS bucket FROM sales WHERE order_id <= 200");
        // Spark: int / int is a double division, as DuckDB's / is.
        same("SELECT order_id, order_id / 4 AS quarter FROM sales WHERE order_id < 100");
        same("SELECT order_id, customer_id, country, product, amount FROM sales WHERE order_id >= 10 AND order_id <= 20");
        same("SELECT order_id FROM sales WHERE country = 'US' AND amount < 20 OR country = 'JP' AND amount > 495");
        same("SELECT order_id FROM sales WHERE NOT (country = 'US' OR country = 'IN') AND amount < 10");
        same("SELECT order_id, amount FROM sales WHERE order_id > 5990.5");
        same("SELECT 1 AS one, 'x' AS letter, order_id, -amount AS negated FROM sales WHERE order_id < 5");
        same("SELECT c.name, c.segment FROM customers c WHERE c.country = 'IN' AND c.segment <> 'retail'");
        same("SELECT t.country, t.total FROM (SELECT country, sum(amount) AS total FROM sales GROUP BY country) t "
                + "WHERE t.total > 20000");
    }

    private void aggregates() {
        same("SELECT count(*) AS n FROM sales");
        same("SELECT country, count(*) AS n FROM sales GROUP BY country");
        same("SELECT country, product, count(*) AS n, sum(amount) AS revenue FROM sales GROUP BY country, product");
        same("SELECT country, min(amount) AS lo, max(amount) AS hi, avg(amount) AS mean FROM sales GROUP BY country");
        same("SELECT product, sum(amount) AS revenue FROM sales WHERE amount > 100 GROUP BY product");
        same("SELECT country, count(*) AS n FROM sales GROUP BY country HAVING count(*) > 300");
        same("SELECT country, sum(amount) AS revenue FROM sales GROUP BY country "
                + "HAVING sum(amount) > 30000 AND count(*) < 1000");
        same("SELECT country, count(*) AS n FROM sales GROUP BY country HAVING n > 200");
        same("SELECT country, count(*) AS n FROM sales GROUP BY 1");
        same("SELECT order_id % 10 AS bucket, count(*) AS n, sum(amount) AS s FROM sales GROUP BY order_id % 10");
        same("SELECT country, sum(amount) / count(*) AS per_order, max(amount) - min(amount) AS spread "
                + "FROM sales GROUP BY country");
        same("SELECT sum(amount * 2) AS s2, max(-amount) AS m, count(customer_id) AS c FROM sales");
        same("SELECT min(country) AS first_country, max(product) AS last_product FROM sales");
        // Spark: sum of an int column is a bigint; DuckDB's is a hugeint: both compared as 64-bit integers.
        same("SELECT segment, count(*) AS n, sum(customer_id) AS ids, avg(customer_id) AS mean_id "
                + "FROM customers GROUP BY segment");
        same("SELECT count(*) AS n, sum(amount) AS s, max(amount) AS m FROM sales WHERE amount < 0");
        same("SELECT country, count(*) AS n FROM sales WHERE amount < 0 GROUP BY country");
        same("SELECT country FROM sales GROUP BY country");
        same("SELECT c.country, c.segment, count(*) AS n FROM customers c GROUP BY c.country, c.segment "
                + "HAVING count(*) > 150");
    }

    private void nullsSkewEmptyFilesAndUnicode() {
        same("SELECT count(*) AS n, count(grp) AS g, count(val) AS v, sum(val) AS s, avg(val) AS a, "
                + "min(score) AS lo, max(score) AS hi FROM nullable");
        same("SELECT grp, count(*) AS n, sum(val) AS s, avg(score) AS a FROM nullable GROUP BY grp");
        same("SELECT id FROM nullable WHERE val IS NULL");
        same("SELECT id, val FROM nullable WHERE val IS NOT NULL AND score > 50.5");
        same("SELECT id, val + 1 AS plus, val * score AS product, val / 3 AS third, val % 7 AS rest FROM nullable");
        // Spark: division by zero is null (non-ANSI mode); DuckDB says so with NULLIF.
        differs("SELECT id, val / 0 AS nothing, score / (val - val) AS nothing_either FROM nullable",
                "SELECT id, val / NULLIF(0, 0) AS nothing, score / NULLIF(val - val, 0) AS nothing_either "
                        + "FROM nullable");
        same("SELECT id FROM nullable WHERE val > 10 OR score > 90");
        same("SELECT id FROM nullable WHERE NOT (val > 10)");
        same("SELECT flag, count(*) AS n, sum(val) AS s FROM nullable GROUP BY flag");
        same("SELECT id FROM nullable WHERE flag");
        same("SELECT id FROM nullable WHERE NOT flag AND grp = 'a'");
        same("SELECT grp, flag, min(val) AS lo, max(val) AS hi FROM nullable GROUP BY grp, flag");
        same("SELECT k, count(*) AS n, sum(v) AS s, min(v) AS lo, max(v) AS hi FROM skewed GROUP BY k");
        same("SELECT count(*) AS n, sum(v) AS s FROM skewed WHERE k = 0");
        same("SELECT count(*) AS n, sum(v) AS s, min(kind) AS k FROM events");
        same("SELECT kind, count(*) AS n, avg(v) AS a FROM events GROUP BY kind");
        same("SELECT name, city FROM unicode_names WHERE city = 'Łódź'");
        same("SELECT city, count(*) AS n FROM unicode_names GROUP BY city");
        same("SELECT id, name FROM unicode_names WHERE name = 'Smith, Jr.' OR name = '😀 smile'");
        same("SELECT min(name) AS first_name, max(city) AS last_city FROM unicode_names WHERE id < 6");
    }

    private void orderDistinctLimitUnion() {
        same("SELECT country, count(*) AS n FROM sales GROUP BY country ORDER BY n DESC, country");
        same("SELECT order_id, amount FROM sales WHERE country = 'SE' ORDER BY amount DESC, order_id LIMIT 7");
        same("SELECT order_id FROM sales ORDER BY order_id LIMIT 5");
        same("SELECT count(*) AS n FROM (SELECT order_id FROM sales ORDER BY amount, order_id LIMIT 123) t");
        // Spark: ascending puts nulls first, descending last; DuckDB's default is nulls last both ways.
        differs("SELECT id, val FROM nullable ORDER BY val, id",
                "SELECT id, val FROM nullable ORDER BY val NULLS FIRST, id");
        differs("SELECT id, score FROM nullable ORDER BY score DESC, id",
                "SELECT id, score FROM nullable ORDER BY score DESC NULLS LAST, id");
        same("SELECT id, val FROM nullable ORDER BY val ASC NULLS LAST, id DESC");
        same("SELECT id, val FROM nullable ORDER BY val DESC NULLS FIRST, id");
        same("SELECT DISTINCT country, product FROM sales WHERE amount > 300 ORDER BY 2, 1 LIMIT 20");
        same("SELECT DISTINCT grp FROM nullable");
        same("SELECT DISTINCT k FROM skewed");
        same("SELECT DISTINCT grp, flag FROM nullable");
        same("SELECT country FROM sales WHERE amount > 499 UNION ALL SELECT country FROM customers WHERE customer_id < 5");
        same("SELECT country FROM sales UNION SELECT country FROM customers");
        same("SELECT id, grp FROM nullable WHERE val > 90 UNION ALL SELECT id, grp FROM nullable WHERE val < -45 "
                + "ORDER BY id");
        same("SELECT kind, v FROM events WHERE v < 3 UNION ALL SELECT city, id FROM unicode_names");
    }

    private void joins() {
        same("SELECT s.order_id, c.name, c.segment FROM sales s JOIN customers c ON s.customer_id = c.customer_id");
        same("SELECT s.order_id, s.country, c.country AS customer_country FROM sales s "
                + "INNER JOIN customers c ON s.customer_id = c.customer_id AND s.country = c.country");
        same("SELECT c.customer_id, s.order_id FROM customers c LEFT JOIN sales s ON c.customer_id = s.customer_id "
                + "WHERE c.customer_id < 400");
        same("SELECT s.order_id, c.name FROM customers c RIGHT JOIN sales s ON c.customer_id = s.customer_id "
                + "WHERE s.order_id < 300");
        same("SELECT c.customer_id, s.order_id FROM (SELECT * FROM customers WHERE customer_id < 200) c "
                + "FULL OUTER JOIN (SELECT * FROM sales WHERE customer_id < 2000) s ON c.customer_id = s.customer_id");
        // DuckDB writes Spark's LEFT SEMI / LEFT ANTI JOIN as EXISTS / NOT EXISTS.
        differs("SELECT c.customer_id, c.name FROM customers c LEFT SEMI JOIN sales s ON c.customer_id = s.customer_id",
                "SELECT c.customer_id, c.name FROM customers c "
                        + "WHERE EXISTS (SELECT 1 FROM sales s WHERE c.customer_id = s.customer_id)");
        differs("SELECT c.customer_id FROM customers c LEFT ANTI JOIN sales s ON c.customer_id = s.customer_id",
                "SELECT c.customer_id FROM customers c "
                        + "WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE c.customer_id = s.customer_id)");
        same("SELECT c.segment, count(*) AS orders, sum(s.amount) AS revenue FROM sales s "
                + "JOIN customers c ON s.customer_id = c.customer_id GROUP BY c.segment");
        same("SELECT a.id, b.id AS other FROM nullable a JOIN nullable b ON a.val = b.val WHERE a.id < 40");
        same("SELECT a.id, b.grp FROM nullable a LEFT JOIN nullable b ON a.grp = b.grp AND a.id = b.id");
        same("SELECT s.k, count(*) AS n FROM skewed s JOIN skewed t ON s.k = t.k WHERE s.k > 0 GROUP BY s.k");
        same("SELECT s.order_id, c.name, c2.segment FROM sales s JOIN customers c ON s.customer_id = c.customer_id "
                + "JOIN customers c2 ON c.customer_id = c2.customer_id AND c.country = c2.country");
        same("SELECT e.kind, n.grp FROM events e JOIN nullable n ON e.v = n.id");
    }

    private void scalarFunctions() {
        same("SELECT order_id FROM sales WHERE country IN ('SE', 'NL') AND amount < 50");
        same("SELECT id FROM nullable WHERE val NOT IN (1, 2, 3) AND id < 50");
        same("SELECT order_id FROM sales WHERE amount BETWEEN 10 AND 12.5");
        same("SELECT id FROM nullable WHERE val NOT BETWEEN 0 AND 90");
        same("SELECT name FROM customers WHERE name LIKE 'customer 1_' OR name LIKE '%99'");
        same("SELECT id, name FROM unicode_names WHERE name NOT LIKE '%a%'");
        same("SELECT id, CASE WHEN val > 50 THEN 'high' WHEN val > 0 THEN 'low' ELSE 'other' END AS band "
                + "FROM nullable");
        same("SELECT CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 END AS code, count(*) AS n FROM nullable "
                + "GROUP BY CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 END");
        same("SELECT id, coalesce(val, 0) AS v, coalesce(grp, 'none') AS g FROM nullable");
        same("SELECT id, upper(name) AS up, lower(city) AS low, length(name) AS len FROM unicode_names");
        same("SELECT id, trim(name) AS t, substring(city, 2, 3) AS mid, substr(name, 1, 2) AS head "
                + "FROM unicode_names");
        // Spark: concat is null when any argument is; DuckDB's concat skips nulls, its || does not.
        differs("SELECT id, concat(grp, '-', CAST(val AS STRING)) AS tag FROM nullable",
                "SELECT id, grp || '-' || CAST(val AS VARCHAR) AS tag FROM nullable");
        same("SELECT id, grp || '!' AS shout FROM nullable WHERE id < 30");
        // Spark: casting a double to int truncates toward zero; DuckDB rounds, so it truncates first.
        differs("SELECT order_id, CAST(amount AS INT) AS whole FROM sales WHERE order_id < 200",
                "SELECT order_id, CAST(trunc(amount) AS INTEGER) AS whole FROM sales WHERE order_id < 200");
        same("SELECT order_id, CAST(amount AS DECIMAL(10,2)) AS exact FROM sales WHERE order_id < 100");
        same("SELECT sum(CAST(amount AS DECIMAL(10,2))) AS exact_total FROM sales");
        same("SELECT CAST(val AS DOUBLE) / 2 AS half, CAST(id AS STRING) AS text FROM nullable WHERE id < 20");
        same("SELECT count(DISTINCT country) AS countries FROM sales");
        same("SELECT country, count(DISTINCT product) AS products FROM sales GROUP BY country");
        same("SELECT year(ts) AS y, month(ts) AS m, count(*) AS n FROM sales GROUP BY year(ts), month(ts)");
        // Spark's to_date of a timestamp is CAST(... AS DATE).
        differs("SELECT order_id, to_date(ts) AS day FROM sales WHERE order_id < 50",
                "SELECT order_id, CAST(ts AS DATE) AS day FROM sales WHERE order_id < 50");
        same("SELECT date_trunc('month', ts) AS month_start, count(*) AS n FROM sales GROUP BY date_trunc('month', ts)");
        same("SELECT order_id FROM sales WHERE ts < CAST('2024-02-01' AS TIMESTAMP) AND amount > 400");
        same("SELECT count(*) AS n FROM sales WHERE CAST(ts AS DATE) = DATE '2024-03-15'");
    }
}
