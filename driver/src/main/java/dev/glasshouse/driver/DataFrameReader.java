package dev.glasshouse.driver;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.csv.CsvSchemaInference;
import dev.glasshouse.core.csv.ParseMode;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.format.HivePartitions;
import dev.glasshouse.core.json.JsonSchemaInference;
import dev.glasshouse.core.parquet.ParquetRowReader;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code session.read().option("header", "true").csv("s3://raw/sales/")}, {@code .json(...)}, {@code .parquet(...)}. With an explicit {@link #schema} reading
 * is fully lazy. Without one the driver needs the column names (and, with {@code inferSchema}, the types) up front,
 * so — like Spark — it reads a sample of the first file right away.
 */
public final class DataFrameReader {
    private static final int INFERENCE_SAMPLE_ROWS = 1000;

    private final GlasshouseSession session;
    private final Map<String, String> options = new HashMap<>();
    private Schema schema;

    DataFrameReader(GlasshouseSession session) {
        this.session = session;
    }

    public DataFrameReader option(String key, String value) {
        options.put(key, value);
        return this;
    }

    public DataFrameReader option(String key, boolean value) {
        return option(key, Boolean.toString(value));
    }

    public DataFrameReader schema(Schema schema) {
        this.schema = schema;
        return this;
    }

    /** A schema in DDL form: {@code "country string, amount double"}. */
    public DataFrameReader schema(String ddl) {
        return schema(Schema.parseDdl(ddl));
    }

    /** CSV files; options as in Spark: header, delimiter (sep), quote, escape, nullValue, inferSchema, mode, ... */
    public DataFrame csv(String path) {
        CsvOptions csvOptions = CsvOptions.fromMap(options);
        return load(path, new FileFormat.Csv(csvOptions), (first, in) ->
                CsvSchemaInference.infer(in, csvOptions, INFERENCE_SAMPLE_ROWS));
    }

    /**
     * JSON lines files, one object per line. Without a schema the fields of the first file's first lines are the
     * columns, in name order (as Spark infers them). Option {@code mode}: PERMISSIVE (default), DROPMALFORMED or
     * FAILFAST.
     */
    public DataFrame json(String path) {
        ParseMode mode = ParseMode.PERMISSIVE;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equalsIgnoreCase("mode")) {
                throw new IllegalArgumentException("unknown JSON option '" + option.getKey()
                        + "': the accepted option is mode");
            }
            mode = ParseMode.parse(option.getValue());
        }
        return load(path, new FileFormat.JsonLines(mode), (first, in) ->
                JsonSchemaInference.infer(in, first, INFERENCE_SAMPLE_ROWS));
    }

    /** Parquet files; the schema comes from the first file's footer unless given. Takes no options. */
    public DataFrame parquet(String path) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("Parquet takes no options, got " + options.keySet());
        }
        return load(path, new FileFormat.Parquet(), null);
    }

    /** How a format learns a file's columns from its first bytes; null when it reads them another way. */
    private interface SchemaSampler {
        Schema infer(String file, InputStream in);
    }

    /**
     * With an explicit schema nothing is read: the schema is the files' columns and partition directories are not
     * looked for. Without one the first file gives the data columns and the {@code name=value} directories of all
     * files give the partition columns (Spark's partition discovery); a directory column that is also a data
     * column is read from the files.
     */
    private DataFrame load(String path, FileFormat format, SchemaSampler sampler) {
        S3Path root = S3Path.parse(path); // a malformed path fails here, naming it
        if (schema != null) {
            return new DataFrame(session, FileRelation.allColumns(path, format, schema, new Schema(List.of())));
        }
        List<FileSplit> splits = session.splitSource().splits(path);
        String first = splits.get(0).path();
        Schema dataSchema = sampler == null ? ParquetRowReader.readSchema(session.objectStore(), first)
                : sample(first, sampler);
        Schema discovered = HivePartitions.discover("s3://" + root.bucket() + "/" + root.keyAsPrefix(),
                splits.stream().map(FileSplit::path).distinct().toList());
        Schema partitions = new Schema(discovered.fields().stream()
                .filter(f -> dataSchema.indexOf(f.name()) < 0).toList());
        return new DataFrame(session, FileRelation.allColumns(path, format, dataSchema, partitions));
    }

    private Schema sample(String file, SchemaSampler sampler) {
        try (InputStream in = session.objectStore().open(S3Path.parse(file))) {
            return sampler.infer(file, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to infer its schema: " + e.getMessage(), e);
        }
    }
}
