package dev.glasshouse.driver;

import dev.glasshouse.core.exec.RowsFunction;
import dev.glasshouse.core.exec.UserCode;
import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Coalesce;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.JoinType;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.MapPartitions;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.plan.Repartition;
import dev.glasshouse.core.plan.Sample;
import dev.glasshouse.core.plan.Sort;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.core.plan.Union;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.analysis.Analyzer;
import dev.glasshouse.driver.function.FilterFunction;
import dev.glasshouse.driver.function.FlatMapFunction;
import dev.glasshouse.driver.function.ForeachFunction;
import dev.glasshouse.driver.function.MapFunction;
import dev.glasshouse.driver.function.MapPartitionsFunction;
import dev.glasshouse.driver.function.RowFunctions;
import dev.glasshouse.driver.sql.Catalog;
import dev.glasshouse.driver.sql.SqlTranslator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A lazy, immutable description of a distributed dataset, shaped like Spark's DataFrame. Transformations
 * ({@code filter}, {@code select}, {@code withColumn}, {@code groupBy}) only build a new plan — and check it, so a
 * misspelt column fails at once, on the driver. Actions ({@code count}, {@code collect}, {@code show},
 * {@code write}) plan stages and run a job on the executors.
 */
public final class DataFrame {
    private final GlasshouseSession session;
    private final LogicalPlan parsed;
    private final LogicalPlan analyzed;

    DataFrame(GlasshouseSession session, LogicalPlan parsed) {
        this.session = session;
        this.parsed = parsed;
        this.analyzed = new Analyzer().analyze(parsed);
    }

    DataFrame derive(LogicalPlan plan) {
        return new DataFrame(session, plan);
    }

    LogicalPlan parsedPlan() {
        return parsed;
    }

    GlasshouseSession session() {
        return session;
    }

    /** The query of an action: persisted datasets inside this plan are read from the cache (decided now). */
    QueryExecution queryExecution() {
        LogicalPlan withCache = session.cacheManager().substitute(parsed);
        LogicalPlan analyzedPlan = withCache == parsed ? analyzed : new Analyzer().analyze(withCache);
        return new QueryExecution(parsed, analyzedPlan, session.shufflePartitions(), session.broadcastThreshold());
    }

    // ---- persistence ------------------------------------------------------------------------------------------

    /** {@link #persist()}: keeps this DataFrame's partitions on the executors once an action computes them. */
    public DataFrame cache() {
        return persist();
    }

    /** Persists at {@code MEMORY_AND_DISK}, the default of Spark's {@code Dataset.persist()}. */
    public DataFrame persist() {
        return persist(StorageLevel.MEMORY_AND_DISK);
    }

    /**
     * Marks this DataFrame to be kept on the executors that compute it. Lazy, like a transformation: the next
     * action computes the partitions and caches them; later actions on this DataFrame, or on any DataFrame built
     * from it, read them instead of S3. Persisting again keeps the first level.
     */
    public DataFrame persist(StorageLevel level) {
        session.cacheManager().persist(parsed, level);
        return this;
    }

    /** Forgets the cached partitions: executors drop them, and the next action computes from S3 again. */
    public DataFrame unpersist() {
        session.cacheManager().unpersist(parsed).ifPresent(data -> session.unpersist(data.datasetId()));
        return this;
    }

    /** The level this DataFrame is persisted at, or {@code NONE}. */
    public StorageLevel storageLevel() {
        return session.cacheManager().levelOf(parsed);
    }

    public Schema schema() {
        return analyzed.schema();
    }

    public List<String> columns() {
        return schema().names();
    }

    // ---- transformations (lazy) -------------------------------------------------------------------------------

    public DataFrame filter(Column condition) {
        return derive(new Filter(condition.expression(), parsed));
    }

    public DataFrame where(Column condition) {
        return filter(condition);
    }

    public DataFrame select(Column... columns) {
        return derive(new Project(Arrays.stream(columns).map(Column::expression).toList(), parsed));
    }

    public DataFrame select(String... columns) {
        return select(Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
    }

    /** Adds a column, or replaces the one with that name in place. */
    public DataFrame withColumn(String name, Column value) {
        List<Expression> expressions = new ArrayList<>();
        boolean replaced = false;
        for (String existing : columns()) {
            if (existing.equals(name)) {
                expressions.add(value.as(name).expression());
                replaced = true;
            } else {
                expressions.add(new ColumnRef(existing));
            }
        }
        if (!replaced) expressions.add(value.as(name).expression());
        return derive(new Project(expressions, parsed));
    }

    public GroupedData groupBy(String... columns) {
        return groupBy(Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
    }

    public GroupedData groupBy(Column... columns) {
        List<Expression> keys = Arrays.stream(columns).map(Column::expression).toList();
        new Analyzer().analyze(new Aggregate(keys, List.of(), parsed)); // fail now on an unknown key column
        return new GroupedData(this, keys);
    }

    /** Aggregates over the whole DataFrame, one result row: {@code df.agg(max("amount"))}, as in Spark. */
    public DataFrame agg(Column first, Column... rest) {
        return new GroupedData(this, List.of()).agg(first, rest);
    }

    /** The first {@code n} rows: n per partition, gathered into one partition, n again. */
    public DataFrame limit(int n) {
        if (n < 0) throw new AnalysisException("limit must be 0 or more, not " + n);
        return derive(new Limit(n, parsed));
    }

    /** The rows of both, matched by column position (not name), duplicates kept: Spark's {@code union}. */
    public DataFrame union(DataFrame other) {
        return derive(new Union(parsed, other.parsed));
    }

    public DataFrame unionAll(DataFrame other) {
        return union(other);
    }

    /** Without the named columns; names that do not exist are ignored, as in Spark. */
    public DataFrame drop(String... columns) {
        List<String> dropped = Arrays.asList(columns);
        return derive(new Project(columns().stream().filter(c -> !dropped.contains(c))
                .map(c -> (Expression) new ColumnRef(c)).toList(), parsed));
    }

    /** Renames one column; a name that does not exist leaves the DataFrame as it is, as in Spark. */
    public DataFrame withColumnRenamed(String existing, String renamed) {
        if (!columns().contains(existing)) return this;
        return derive(new Project(columns().stream().map(c -> c.equals(existing)
                ? new Alias(new ColumnRef(c), renamed) : (Expression) new ColumnRef(c)).toList(), parsed));
    }

    /** At most n partitions by merging neighbouring ones in one task: no shuffle. */
    public DataFrame coalesce(int partitions) {
        if (partitions < 1) throw new AnalysisException("coalesce needs at least 1 partition, not " + partitions);
        return derive(new Coalesce(partitions, parsed));
    }

    /** Exactly n partitions by a round-robin shuffle. */
    public DataFrame repartition(int partitions) {
        return repartition(partitions, new Column[0]);
    }

    /** Exactly n partitions, rows with equal values of the columns in the same one (a hash shuffle). */
    public DataFrame repartition(int partitions, Column... columns) {
        if (partitions < 1) throw new AnalysisException("repartition needs at least 1 partition, not " + partitions);
        return derive(new Repartition(partitions, Arrays.stream(columns).map(Column::expression).toList(), parsed));
    }

    /** Distinct rows: an aggregation keyed on every column. */
    public DataFrame distinct() {
        return derive(new Aggregate(columns().stream().map(c -> (Expression) new ColumnRef(c)).toList(), List.of(),
                parsed));
    }

    public DataFrame dropDuplicates() {
        return distinct();
    }

    /**
     * One row per distinct combination of the named columns, with the other columns taken from one row of that
     * combination: the first seen in a partition, then the first partial result to arrive after a hash shuffle on
     * the columns (which row wins across partitions is not defined, as in Spark). Column order is kept. Planned as
     * an aggregation grouped by the columns with {@code first(...)} of each other column.
     */
    public DataFrame dropDuplicates(String... columns) {
        if (columns.length == 0) return distinct();
        List<String> keys = Arrays.stream(columns).distinct().toList();
        List<Expression> groupings = keys.stream().map(c -> (Expression) new ColumnRef(c)).toList();
        List<AggregateCall> firsts = columns().stream().filter(c -> !keys.contains(c))
                .map(c -> new AggregateCall(AggregateFunction.FIRST, new ColumnRef(c), c)).toList();
        Aggregate deduplicated = new Aggregate(groupings, firsts, parsed);
        return derive(new Project(columns().stream().map(c -> (Expression) new ColumnRef(c)).toList(), deduplicated));
    }

    /** A random sample: each row kept with probability {@code fraction}, a new seed every call. */
    public DataFrame sample(double fraction) {
        return sample(fraction, new java.util.Random().nextLong());
    }

    /**
     * A random sample: each row kept with probability {@code fraction}, independently (Bernoulli sampling, so the
     * size varies around fraction × rows). The same seed keeps the same rows of the same input partitions.
     */
    public DataFrame sample(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new AnalysisException("sample fraction must be between 0 and 1, not " + fraction);
        }
        return derive(new Sample(fraction, seed, parsed));
    }

    /**
     * Like {@code select}, with each column written as a SQL expression, e.g. {@code selectExpr("country",
     * "amount * 2 AS double_amount")}. Parsed by the SQL translator of {@code session.sql}, so the same
     * expressions and functions work.
     */
    public DataFrame selectExpr(String... expressions) {
        if (expressions.length == 0) throw new AnalysisException("selectExpr needs at least one expression");
        String view = "selectexpr_input";
        Catalog catalog = new Catalog((format, path) -> {
            throw new AnalysisException("selectExpr cannot read files: " + format + ".`" + path + "`");
        });
        catalog.createOrReplaceTempView(view, this);
        return new SqlTranslator(catalog).translate("SELECT " + String.join(", ", expressions) + " FROM " + view);
    }

    // ---- typed transformations: user code run on the executors (lazy) ----------------------------------------

    /**
     * One output row per row, computed by {@code function} on the executors.
     *
     * <p>The function is Java-serialized on the driver and deserialized on each executor with the task thread's
     * context class loader: executors must have its classes on their class path (they share the driver's locally;
     * shipping user jars is not supported yet).
     *
     * @param schema the schema of the rows the function returns; each returned row is checked against it
     */
    public DataFrame map(MapFunction<Row, Row> function, Schema schema) {
        return userCode("map", new RowFunctions.MapRows(function), schema);
    }

    /** @param ddl the output schema as {@code "name type, ..."}, e.g. {@code "country string, n long"} */
    public DataFrame map(MapFunction<Row, Row> function, String ddl) {
        return map(function, Schema.parseDdl(ddl));
    }

    /** Zero or more output rows per row; see {@link #map(MapFunction, Schema)} for how the function travels. */
    public DataFrame flatMap(FlatMapFunction<Row, Row> function, Schema schema) {
        return userCode("flatMap", new RowFunctions.FlatMapRows(function), schema);
    }

    public DataFrame flatMap(FlatMapFunction<Row, Row> function, String ddl) {
        return flatMap(function, Schema.parseDdl(ddl));
    }

    /**
     * The rows for which the function returns true. Unlike {@link #filter(Column)} the optimizer cannot look inside
     * it, so it is not pushed towards the scan.
     */
    public DataFrame filter(FilterFunction<Row> function) {
        return userCode("filter", new RowFunctions.FilterRows(function), schema());
    }

    /** The rows of each partition, transformed together: per-partition setup happens once per task. */
    public DataFrame mapPartitions(MapPartitionsFunction<Row, Row> function, Schema schema) {
        return userCode("mapPartitions", new RowFunctions.MapPartitionsRows(function), schema);
    }

    public DataFrame mapPartitions(MapPartitionsFunction<Row, Row> function, String ddl) {
        return mapPartitions(function, Schema.parseDdl(ddl));
    }

    private DataFrame userCode(String transformation, RowsFunction function, Schema schema) {
        return derive(new MapPartitions(transformation, UserCode.serialize(function, transformation), schema, parsed));
    }

    /** Rows in global order; a plain column sorts ascending with nulls first, as in Spark. */
    public DataFrame orderBy(Column... columns) {
        return derive(new Sort(Arrays.stream(columns).map(Column::sortKey).toList(), parsed));
    }

    public DataFrame orderBy(String... columns) {
        return orderBy(Arrays.stream(columns).map(functions::col).toArray(Column[]::new));
    }

    public DataFrame sort(Column... columns) {
        return orderBy(columns);
    }

    public DataFrame sort(String... columns) {
        return orderBy(columns);
    }

    /**
     * This DataFrame with a name for its side of a join: {@code col("s.country")} then means this side's
     * {@code country}, even when the other side has one too. Changes no data.
     */
    public DataFrame as(String alias) {
        if (!alias.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new AnalysisException("alias '" + alias + "' must be letters, digits and underscores, starting with"
                    + " a letter or underscore, so col(\"" + alias + ".column\") can name its columns");
        }
        return derive(new SubqueryAlias(alias, parsed));
    }

    public DataFrame alias(String alias) {
        return as(alias);
    }

    /** Inner join on columns both sides have; each appears once in the output, first. */
    public DataFrame join(DataFrame right, String usingColumn) {
        return join(right, List.of(usingColumn), "inner");
    }

    public DataFrame join(DataFrame right, List<String> usingColumns) {
        return join(right, usingColumns, "inner");
    }

    public DataFrame join(DataFrame right, List<String> usingColumns, String joinType) {
        if (usingColumns.isEmpty()) throw new AnalysisException("a join needs at least one using column");
        return derive(new Join(parsed, right.parsed, parseJoinType(joinType), null, usingColumns));
    }

    public DataFrame join(DataFrame right, Column condition) {
        return join(right, condition, "inner");
    }

    /**
     * Joins on a condition over both sides' columns; it must contain at least one equality between a left and a
     * right column. Output: left columns then right columns (left only for semi and anti joins).
     *
     * @param joinType inner, left (left_outer), right (right_outer), full (full_outer, outer), left_semi (semi),
     *                 left_anti (anti)
     */
    public DataFrame join(DataFrame right, Column condition, String joinType) {
        return derive(new Join(parsed, right.parsed, parseJoinType(joinType), condition.expression(), List.of()));
    }

    private static JoinType parseJoinType(String name) {
        try {
            return JoinType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new AnalysisException(e.getMessage());
        }
    }

    // ---- actions (run a job) ----------------------------------------------------------------------------------

    /** The first row; fails on an empty DataFrame, as Spark's {@code first()} does. */
    public Row first() {
        List<Row> rows = take(1);
        if (rows.isEmpty()) throw new java.util.NoSuchElementException("first() of an empty DataFrame");
        return rows.get(0);
    }

    /** Number of rows: partial counts per partition, summed after a shuffle into one partition. */
    public long count() {
        DataFrame counted = derive(new Aggregate(List.of(),
                List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")), parsed));
        return (Long) counted.collect().get(0).get(0);
    }

    /**
     * Runs {@code function} on every row, on the executors (their logs show the tasks; anything it prints goes to
     * the executor's output, not the driver's). Returns when every task has finished.
     */
    public void foreach(ForeachFunction<Row> function) {
        userCode("foreach", new RowFunctions.ForeachRows(function), schema()).collect();
    }

    public List<Row> collect() {
        return session.collect(queryExecution(), Integer.MAX_VALUE);
    }

    /** The first {@code n} rows; each task stops reading after n rows of its partition. */
    public List<Row> take(int n) {
        DataFrame limited = derive(new Limit(n, parsed));
        return session.collect(limited.queryExecution(), n);
    }

    public void show() {
        show(20);
    }

    public void show(int n) {
        session.out().print(TableFormatter.format(schema(), take(n)));
    }

    /** Names this DataFrame for {@code session.sql(...)}, replacing a view of that name (case-insensitive). */
    public void createOrReplaceTempView(String name) {
        session.catalog().createOrReplaceTempView(name, this);
    }

    public DataFrameWriter write() {
        return new DataFrameWriter(this);
    }

    /** Prints the parsed, analyzed, optimized and physical plans and the stages they split into. Runs nothing. */
    public void explain() {
        session.out().print(explainString());
    }

    public String explainString() {
        return queryExecution().explainString(session.splitSource());
    }

    /**
     * {@code "extended"}: everything {@link #explain()} prints, plus each optimizer rule that changed the plan, with
     * the plan before and after it ran. {@code "simple"}: the physical plan only.
     */
    public void explain(String mode) {
        session.out().print(explainString(mode));
    }

    public String explainString(String mode) {
        if (mode.equalsIgnoreCase("extended")) return queryExecution().explainString(session.splitSource(), true);
        if (mode.equalsIgnoreCase("simple")) {
            return "== Physical Plan ==\n" + queryExecution().physical(session.splitSource()).treeString();
        }
        throw new IllegalArgumentException("explain mode '" + mode + "' is not known: use \"simple\" or \"extended\"");
    }
}
