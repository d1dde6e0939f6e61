package dev.glasshouse.cli.chaos;

import static dev.glasshouse.driver.functions.count;
import static dev.glasshouse.driver.functions.max;
import static dev.glasshouse.driver.functions.min;

import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.function.MapPartitionsFunction;
import dev.glasshouse.driver.scheduler.JobResult;
import java.time.Duration;
import java.util.List;

/**
 * The job a chaos run runs twice, without and with faults: the demo's sales-by-country, written to S3 and read
 * back. Its aggregates (count, min, max) do not depend on the order partitions arrive in, so the two runs'
 * results must be equal row for row.
 *
 * <p>On the demo's small data every task takes milliseconds, and a fault would land after the job. So each task
 * can be made to take {@code taskDelay} longer: map tasks sleep before reading their split, reduce tasks before
 * emitting their groups. Faults then land mid-stage, where recovery has something to do.
 */
public final class ChaosWorkload {
    static final Schema RESULT = Schema.parseDdl("country string, orders long, min_amount double, max_amount double");

    private ChaosWorkload() {
    }

    /** The write job's report and the result read back from {@code output}. */
    public record Outcome(JobResult writeJob, List<Row> rows) {
    }

    public static Outcome run(GlasshouseSession session, String input, String output, Duration taskDelay) {
        long delayMillis = taskDelay.toMillis();
        DataFrame sales = session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv(input);
        if (delayMillis > 0) sales = sales.mapPartitions(sleepFirst(delayMillis), sales.schema());
        DataFrame byCountry = sales.groupBy("country")
                .agg(count("*").as("orders"), min("amount").as("min_amount"), max("amount").as("max_amount"));
        if (delayMillis > 0) byCountry = byCountry.mapPartitions(sleepFirst(delayMillis), byCountry.schema());
        byCountry.write().mode("overwrite").option("header", "true").csv(output);
        List<JobResult> jobs = session.completedJobs();
        JobResult writeJob = jobs.get(jobs.size() - 1);
        List<Row> rows = session.read().option("header", "true").schema(RESULT).csv(output).collect();
        return new Outcome(writeJob, rows);
    }

    /** Passes the partition through after a pause: the stand-in for a task doing real work. */
    private static MapPartitionsFunction<Row, Row> sleepFirst(long millis) {
        return rows -> {
            Thread.sleep(millis);
            return rows;
        };
    }
}
