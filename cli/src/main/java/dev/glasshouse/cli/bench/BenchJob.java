package dev.glasshouse.cli.bench;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.sum;

import dev.glasshouse.driver.DataFrame;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The jobs {@code glasshouse bench} runs. The three data jobs read the sales CSV (and the customers CSV) with
 * explicit schemas and collect a small result; {@link #TASKS} measures the scheduler alone.
 */
public enum BenchJob {
    /** {@code sales.groupBy("country").count()}: the CSV scan and one shuffle. */
    GROUPBY("groupby"),
    /** {@code sales.filter(amount > 50).groupBy("country").count()}: adds a filter over a second column. */
    FILTER_GROUPBY("filter-groupby"),
    /** {@code sales.join(customers, "customer_id").groupBy("segment").agg(sum("amount"))}. */
    JOIN("join"),
    /** Many trivial tasks, one row each: how fast the driver launches tasks and hears back. */
    TASKS("tasks");

    private final String label;

    BenchJob(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean readsSales() {
        return this != TASKS;
    }

    /** The job's result as a DataFrame, given the sales and customers tables. Not for {@link #TASKS}. */
    public DataFrame query(DataFrame sales, DataFrame customers) {
        return switch (this) {
            case GROUPBY -> sales.groupBy("country").count();
            case FILTER_GROUPBY -> sales.filter(col("amount").gt(50)).groupBy("country").count();
            case JOIN -> sales.join(customers, "customer_id").groupBy("segment").agg(sum("amount"));
            case TASKS -> throw new IllegalStateException("the tasks job has no query over the sales data");
        };
    }

    /** Parses a job name as given to {@code --jobs}. */
    public static BenchJob parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (BenchJob job : values()) {
            if (job.label.equals(wanted)) return job;
        }
        throw new IllegalArgumentException("unknown job '" + name + "': the jobs are "
                + Arrays.stream(values()).map(BenchJob::label).collect(Collectors.joining(", ")));
    }
}
