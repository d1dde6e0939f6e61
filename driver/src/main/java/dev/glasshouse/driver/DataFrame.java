package dev.glasshouse.driver;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.analysis.Analyzer;
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

    QueryExecution queryExecution() {
        return new QueryExecution(parsed, analyzed, session.shufflePartitions());
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

    // ---- actions (run a job) ----------------------------------------------------------------------------------

    /** Number of rows: partial counts per partition, summed after a shuffle into one partition. */
    public long count() {
        DataFrame counted = derive(new Aggregate(List.of(),
                List.of(new AggregateCall(AggregateFunction.COUNT, null, "count")), parsed));
        return (Long) counted.collect().get(0).get(0);
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
}
