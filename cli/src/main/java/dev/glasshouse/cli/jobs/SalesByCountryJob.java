package dev.glasshouse.cli.jobs;

import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.JobResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The first job of every Spark course:
 * <pre>
 * df  = read CSV   s3://raw/sales/
 * df2 = df.groupBy("country").count()
 * df2.write CSV    s3://curated/sales_by_country/
 * </pre>
 * The schema is given explicitly, so nothing at all is read until the write.
 */
public final class SalesByCountryJob {
    public static final String NAME = "sales-by-country";
    public static final String DEFAULT_INPUT = "s3://raw/sales/";
    public static final String DEFAULT_OUTPUT = "s3://curated/sales_by_country/";

    private SalesByCountryJob() {
    }

    /** What the job did: the write job's result, and the output read back (largest count first). */
    public record Outcome(JobResult writeJob, List<Row> countsByCountry) {
    }

    /**
     * Runs the job: one write job, then a small job reading the written result back.
     *
     * @param beforeRun given the output of {@code explain()} once the plan is built, before anything runs
     */
    public static Outcome run(GlasshouseSession session, String input, String output, Consumer<String> beforeRun) {
        DataFrame sales = session.read().option("header", "true").schema(SalesDataGenerator.schema()).csv(input);
        DataFrame byCountry = sales.groupBy("country").count();
        beforeRun.accept(byCountry.explainString());

        byCountry.write().mode("overwrite").option("header", "true").csv(output);
        List<JobResult> jobs = session.completedJobs();
        JobResult writeJob = jobs.get(jobs.size() - 1);

        List<Row> written = new ArrayList<>(session.read().option("header", "true")
                .schema("country string, count long").csv(output).collect());
        written.sort(Comparator.comparing((Row r) -> (Long) r.get(1)).reversed()
                .thenComparing(r -> (String) r.get(0)));
        return new Outcome(writeJob, written);
    }
}
