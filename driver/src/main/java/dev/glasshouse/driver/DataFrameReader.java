package dev.glasshouse.driver;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.csv.CsvSchemaInference;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.plan.CsvRelation;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code session.read().option("header", "true").csv("s3://raw/sales/")}. With an explicit {@link #schema} reading
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

    public DataFrame csv(String path) {
        S3Path.parse(path); // a malformed path fails here, naming it
        CsvOptions csvOptions = CsvOptions.fromMap(options);
        Schema fileSchema = schema != null ? schema : inferSchema(path, csvOptions);
        return new DataFrame(session, CsvRelation.allColumns(path, csvOptions, fileSchema));
    }

    private Schema inferSchema(String path, CsvOptions csvOptions) {
        List<FileSplit> splits = session.splitSource().splits(path);
        S3Path first = S3Path.parse(splits.get(0).path());
        try (InputStream in = session.objectStore().open(first)) {
            return CsvSchemaInference.infer(in, csvOptions, INFERENCE_SAMPLE_ROWS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + first + " to infer its schema: " + e.getMessage(), e);
        }
    }
}
