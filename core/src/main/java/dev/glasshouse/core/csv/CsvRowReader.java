package dev.glasshouse.core.csv;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the rows of one CSV file, or one split of it, keeping only the selected columns, each converted to its
 * schema type. Reads as it goes: nothing but the current record is held in memory. Closes itself when exhausted.
 *
 * <p>Splits cut the file at line breaks, so a file whose quoted fields hold line breaks must be read whole.
 */
public final class CsvRowReader implements Iterator<Row>, AutoCloseable {
    private final String fileName;
    private final Schema fileSchema;
    private final int[] columns;
    private final DataType[] types;
    private final long splitStart;
    private final SplitLineInputStream input;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private boolean skipHeader;
    private Row next;
    private boolean done;
    private long rowsRead;

    /** Reads the whole stream as one file; takes ownership of {@code in}. */
    public CsvRowReader(InputStream in, String fileName, CsvOptions options, Schema fileSchema, int[] columns) {
        this(new SplitLineInputStream(in, false, Long.MAX_VALUE), fileName, options, fileSchema, columns, 0);
    }

    private CsvRowReader(SplitLineInputStream input, String fileName, CsvOptions options, Schema fileSchema,
                         int[] columns, long splitStart) {
        this.fileName = fileName;
        this.fileSchema = fileSchema;
        this.columns = columns.clone();
        this.types = new DataType[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] < 0 || columns[i] >= fileSchema.size()) {
                throw new IllegalArgumentException("column index " + columns[i] + " is outside the schema of "
                        + fileName + " " + fileSchema + " (0 to " + (fileSchema.size() - 1) + ")");
            }
            types[i] = fileSchema.field(columns[i]).type();
        }
        this.splitStart = splitStart;
        this.input = input;
        this.skipHeader = options.header() && splitStart == 0;
        try {
            this.parser = CsvFormats.forReading(options)
                    .parse(new InputStreamReader(input, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + ": " + e.getMessage(), e);
        }
        this.records = parser.iterator();
    }

    /**
     * Reads one split of a CSV object in S3: opens the object from the split's start to the end of the file (one
     * ranged GET) and stops reading at the end of the last line the split owns.
     */
    public static CsvRowReader open(ObjectStore store, FileSplit split, CsvOptions options, Schema fileSchema,
                                    int[] columns) {
        long toEnd = split.fileSize() - split.start();
        InputStream in = toEnd <= 0 ? InputStream.nullInputStream()
                : store.open(S3Path.parse(split.path()), split.start(), toEnd);
        return new CsvRowReader(new SplitLineInputStream(in, split.start() > 0, split.length()), split.path(),
                options, fileSchema, columns, split.start());
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) advance();
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException("no more rows in " + fileName);
        Row row = next;
        next = null;
        return row;
    }

    /** Bytes taken from the underlying stream so far (a little past the last row: reads are buffered). */
    public long bytesRead() {
        return input.bytesRead();
    }

    /** Rows returned so far (the header is not a row). */
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        done = true;
        next = null;
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + fileName + " failed: " + e.getMessage(), e);
        }
    }

    private void advance() {
        while (true) {
            // Lines completed so far: the next record starts on the line after them.
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    close();
                    return;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                close();
                if (e.getCause() instanceof CSVException bad) {
                    // commons-csv counts lines its own way ("(startline 3) ..."); the line given here is exact.
                    String problem = String.valueOf(bad.getMessage()).replaceFirst("^\\(startline \\d+\\)\\s*", "");
                    throw new CsvFormatException(fileName, line, splitStart, null, problem, bad);
                }
                throw new UncheckedIOException("reading " + fileName + " near line " + line + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            }
            if (CsvFormats.isBlankLine(record)) continue;
            if (skipHeader) {
                skipHeader = false;
                continue;
            }
            next = toRow(record, line);
            rowsRead++;
            return;
        }
    }

    private Row toRow(CSVRecord record, long line) {
        if (record.size() != fileSchema.size()) {
            close();
            throw new CsvFormatException(fileName, line, splitStart, null, "expected " + fileSchema.size()
                    + " fields, found " + record.size(), null);
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            String text = record.get(columns[i]);
            if (text == null) continue;
            try {
                values[i] = CsvValues.parse(text, types[i]);
            } catch (IllegalArgumentException e) {
                close();
                throw new CsvFormatException(fileName, line, splitStart, fileSchema.field(columns[i]).name(),
                        "cannot read '" + text + "' as " + types[i].sqlName(), e);
            }
        }
        return new Row(values);
    }
}
