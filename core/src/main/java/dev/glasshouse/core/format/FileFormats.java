package dev.glasshouse.core.format;

import dev.glasshouse.core.csv.CsvRowReader;
import dev.glasshouse.core.csv.CsvRowWriter;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.json.JsonRowReader;
import dev.glasshouse.core.json.JsonRowWriter;
import dev.glasshouse.core.parquet.ParquetRowReader;
import dev.glasshouse.core.parquet.ParquetRowWriter;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.types.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens the reader of a split and the writer of a local part file for each {@link FileFormat}. */
public final class FileFormats {
    private FileFormats() {
    }

    /**
     * Streams one split of a file in S3, keeping the {@code columns} of {@code fileSchema}.
     *
     * @param pushedFilters conditions the caller tests on every row (bound to the file's columns followed by
     *                      partition columns); a format with statistics (Parquet) skips data they prove false
     */
    public static RowFileReader open(ObjectStore store, FileSplit split, FileFormat format, Schema fileSchema,
                                     int[] columns, List<Expression> pushedFilters) {
        if (format instanceof FileFormat.Csv csv) {
            return CsvRowReader.open(store, split, csv.options(), fileSchema, columns);
        } else if (format instanceof FileFormat.JsonLines json) {
            return JsonRowReader.open(store, split, json.mode(), fileSchema, columns);
        } else if (format instanceof FileFormat.Parquet) {
            return ParquetRowReader.open(store, split, fileSchema, columns, pushedFilters);
        } else {
            throw new IllegalStateException("unexpected " + format);
        }
    }

    /** Starts a part file at {@code file} (created or replaced); closing the writer finishes it. */
    public static RowFileWriter create(Path file, FileFormat format, Schema schema) throws IOException {
        if (format instanceof FileFormat.Parquet) return new ParquetRowWriter(file, schema);
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        if (format instanceof FileFormat.Csv csv) {
            CsvRowWriter writer = new CsvRowWriter(out, schema, csv.options());
            if (csv.options().header()) writer.writeHeader();
            return writer;
        } else if (format instanceof FileFormat.JsonLines) {
            return new JsonRowWriter(out, schema);
        } else {
            out.close();
            throw new IllegalStateException("unexpected " + format);
        }
    }
}
