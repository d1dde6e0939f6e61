package dev.glasshouse.driver;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.csv.ParseMode;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.driver.output.SaveMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code df.write().mode("overwrite").partitionBy("country").csv("s3://curated/sales/")}: an action. Every mode
 * and layout commits whole or not at all ({@link dev.glasshouse.driver.output.FileOutputCommitter}).
 */
public final class DataFrameWriter {
    private final DataFrame data;
    private final Map<String, String> options = new HashMap<>();
    private SaveMode mode = SaveMode.ERROR_IF_EXISTS;
    private List<String> partitionColumns = List.of();

    DataFrameWriter(DataFrame data) {
        this.data = data;
    }

    /**
     * {@code overwrite}, {@code append} (new part files beside the old ones), {@code ignore} (an existing
     * destination is left alone and no job runs) or {@code errorifexists} (the default, as in Spark; {@code error}
     * is accepted too).
     */
    public DataFrameWriter mode(String mode) {
        this.mode = SaveMode.parse(mode);
        return this;
    }

    public DataFrameWriter option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public DataFrameWriter option(String key, boolean value) {
        return option(key, Boolean.toString(value));
    }

    /**
     * Writes rows into Hive-style directories {@code col=value/} (null as {@code __HIVE_DEFAULT_PARTITION__}),
     * leaving these columns out of the files; reading the destination back discovers them again.
     */
    public DataFrameWriter partitionBy(String... columns) {
        this.partitionColumns = List.of(columns);
        return this;
    }

    /** Runs the job; on success the destination holds every part file and {@code _SUCCESS}, else nothing new. */
    public void csv(String path) {
        save(path, new FileFormat.Csv(CsvOptions.fromMap(options)));
    }

    /** One JSON object per line, null fields left out. Takes no options. */
    public void json(String path) {
        noOptions("JSON");
        save(path, new FileFormat.JsonLines(ParseMode.FAILFAST));
    }

    /** Uncompressed Parquet files. Takes no options. */
    public void parquet(String path) {
        noOptions("Parquet");
        save(path, new FileFormat.Parquet());
    }

    private void noOptions(String format) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("writing " + format + " takes no options, got " + options.keySet());
        }
    }

    private void save(String path, FileFormat format) {
        data.session().writeFiles(data.queryExecution(), path, format, mode, partitionColumns);
    }
}
