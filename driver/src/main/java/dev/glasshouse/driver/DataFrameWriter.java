package dev.glasshouse.driver;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.driver.output.CsvOutputCommitter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** {@code df.write().mode("overwrite").csv("s3://curated/sales_by_country/")}: an action. */
public final class DataFrameWriter {
    private final DataFrame data;
    private final Map<String, String> options = new HashMap<>();
    private CsvOutputCommitter.Mode mode = CsvOutputCommitter.Mode.ERROR_IF_EXISTS;

    DataFrameWriter(DataFrame data) {
        this.data = data;
    }

    /** {@code overwrite} or {@code errorifexists} (the default, as in Spark; {@code error} is accepted too). */
    public DataFrameWriter mode(String mode) {
        this.mode = switch (mode.toLowerCase(Locale.ROOT)) {
            case "overwrite" -> CsvOutputCommitter.Mode.OVERWRITE;
            case "errorifexists", "error" -> CsvOutputCommitter.Mode.ERROR_IF_EXISTS;
            default -> throw new IllegalArgumentException("unsupported write mode '" + mode
                    + "': use 'overwrite' or 'errorifexists'");
        };
        return this;
    }

    public DataFrameWriter option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public DataFrameWriter option(String key, boolean value) {
        return option(key, Boolean.toString(value));
    }

    /** Runs the job; on success the destination holds every part file and {@code _SUCCESS}, else nothing new. */
    public void csv(String path) {
        data.session().writeCsv(data.queryExecution(), path, CsvOptions.fromMap(options), mode);
    }
}
