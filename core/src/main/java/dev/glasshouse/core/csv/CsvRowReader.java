package dev.glasshouse.core.csv;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.format.RowFileReader;
import dev.glasshouse.core.io.SplitLineInputStream;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 *
 * <p>A malformed row (a field count other than the schema's, or a value not of its column's type) is handled by the
 * options' {@link ParseMode}: FAILFAST throws {@link CsvFormatException}; DROPMALFORMED skips it; PERMISSIVE makes
 * every value null, and when the schema has a string column named by {@code columnNameOfCorruptRecord}, that column
 * (which is not in the file) holds the record's raw text, null for good rows. Values are checked only in the selected
 * columns, unless the corrupt-record column is selected, then in all (Spark's column pruning does the same). A quote
 * the parser cannot get past (an unterminated one) fails the read in every mode.
 */
public final class CsvRowReader implements RowFileReader {
    private final String fileName;
    private final Schema fileSchema;
    private final int[] columns;
    private final DataType[] types;
    private final long splitStart;
    private final ParseMode mode;
    /** Position of the corrupt-record column in the file schema, or -1 when there is none. */
    private final int corruptColumn;
    /** Keeps the raw text of records when a selected column wants it; null otherwise. */
    private final RecordingReader recording;
    private final SplitLineInputStream input;
    private final CsvOptions options;
    /** The fast path while lines are simple (see {@link SimpleLineSplitter}); null once commons-csv took over. */
    private SimpleLineSplitter simpleLines;
    private FieldValues[] fieldValues;
    /** The UTF-8 bytes of the null value, for the fast path. */
    private byte[] nullValue;
    /** Lines the fast path read before commons-csv took over: added to commons-csv's line numbers. */
    private long linesBefore;
    /** commons-csv, for files or the rest of a file the fast path cannot read; null until needed. */
    private CSVParser parser;
    private Iterator<CSVRecord> records;
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
        this.mode = options.mode();
        this.corruptColumn = corruptColumn(fileSchema, options, fileName);
        boolean wantsRawText = false;
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] < 0 || columns[i] >= fileSchema.size()) {
                throw new IllegalArgumentException("column index " + columns[i] + " is outside the schema of "
                        + fileName + " " + fileSchema + " (0 to " + (fileSchema.size() - 1) + ")");
            }
            types[i] = fileSchema.field(columns[i]).type();
            wantsRawText |= columns[i] == corruptColumn;
        }
        this.splitStart = splitStart;
        this.input = input;
        this.options = options;
        this.skipHeader = options.header() && splitStart == 0;
        // The raw text of malformed records is kept by commons-csv's path only; non-ASCII special characters would
        // not be single bytes.
        boolean fast = !wantsRawText && options.delimiter() < 0x80 && options.quote() < 0x80 && options.escape() < 0x80;
        if (fast) {
            this.recording = null;
            this.simpleLines = new SimpleLineSplitter(input, (byte) options.delimiter(),
                    options.quote() == CsvOptions.NONE ? -1 : options.quote(),
                    options.escape() == CsvOptions.NONE ? -1 : options.escape());
            this.nullValue = options.nullValue().getBytes(StandardCharsets.UTF_8);
            this.fieldValues = new FieldValues[columns.length];
            for (int i = 0; i < columns.length; i++) fieldValues[i] = new FieldValues(types[i]);
        } else {
            Reader text = new InputStreamReader(input, StandardCharsets.UTF_8);
            this.recording = wantsRawText ? new RecordingReader(text) : null;
            startParser(recording != null ? recording : text);
        }
    }

    private void startParser(Reader text) {
        try {
            this.parser = CsvFormats.forReading(options).parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + ": " + e.getMessage(), e);
        }
        this.records = parser.iterator();
    }

    private static int corruptColumn(Schema fileSchema, CsvOptions options, String fileName) {
        if (options.mode() != ParseMode.PERMISSIVE) return -1;
        int index = fileSchema.indexOf(options.columnNameOfCorruptRecord());
        if (index >= 0 && fileSchema.field(index).type() != DataType.STRING) {
            throw new IllegalArgumentException("the corrupt-record column '" + options.columnNameOfCorruptRecord()
                    + "' of " + fileName + " is a " + fileSchema.field(index).type().sqlName()
                    + ": it must be a string column");
        }
        return index;
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
            if (parser != null) {
                parser.close();
            } else {
                input.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + fileName + " failed: " + e.getMessage(), e);
        }
    }

    private void advance() {
        if (simpleLines != null && advanceSimple()) return;
        while (true) {
            // Lines completed so far: the next record starts on the line after them.
            long line = linesBefore + parser.getCurrentLineNumber() + 1;
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
            if (recording != null) recording.forgetBefore(record.getCharacterPosition());
            if (CsvFormats.isBlankLine(record)) continue;
            if (skipHeader) {
                skipHeader = false;
                continue;
            }
            next = toRow(record, line, linesBefore + parser.getCurrentLineNumber() + 1 - line);
            if (next == null) continue;
            rowsRead++;
            return;
        }
    }

    /**
     * The fast path: reads simple lines until a row is found (true) or the split ends (true, with {@code done});
     * false when a line is not simple, after handing it and the rest of the split to commons-csv.
     */
    private boolean advanceSimple() {
        while (true) {
            SimpleLineSplitter.Line kind;
            try {
                kind = simpleLines.next();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("reading " + fileName + " near line " + (linesBefore + 1) + " failed: "
                        + e.getMessage(), e);
            }
            if (kind == SimpleLineSplitter.Line.END) {
                close();
                return true;
            }
            if (kind == SimpleLineSplitter.Line.NOT_SIMPLE) {
                startParser(new InputStreamReader(simpleLines.rest(), StandardCharsets.UTF_8));
                simpleLines = null;
                return false;
            }
            long line = ++linesBefore;
            if (simpleLines.isBlank()) continue;
            if (skipHeader) {
                skipHeader = false;
                continue;
            }
            next = toRow(simpleLines, line);
            if (next == null) continue;
            rowsRead++;
            return true;
        }
    }

    /** The row of a simple line, or null when DROPMALFORMED skips it. */
    private Row toRow(SimpleLineSplitter lineFields, long line) {
        int fileFields = fileSchema.size() - (corruptColumn >= 0 ? 1 : 0);
        if (lineFields.fieldCount() != fileFields) {
            return malformed(line, null, "expected " + fileFields + " fields, found " + lineFields.fieldCount(), null);
        }
        byte[] b = lineFields.buffer();
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == corruptColumn) continue;
            int field = fieldOf(columns[i]);
            int start = lineFields.start(field);
            int end = lineFields.end(field);
            if (Arrays.equals(b, start, end, nullValue, 0, nullValue.length)) continue;
            try {
                values[i] = fieldValues[i].parse(b, start, end);
            } catch (IllegalArgumentException e) {
                return malformed(line, fileSchema.field(columns[i]).name(),
                        "cannot read '" + FieldValues.text(b, start, end) + "' as " + types[i].sqlName(), e);
            }
        }
        return new Row(values);
    }

    /** A malformed simple line: as {@link #malformed(CSVRecord, long, long, String, String, Throwable)}, no raw text. */
    private Row malformed(long line, String column, String problem, Throwable cause) {
        switch (mode) {
            case FAILFAST -> {
                close();
                throw new CsvFormatException(fileName, line, splitStart, column, problem, cause);
            }
            case DROPMALFORMED -> {
                return null;
            }
            case PERMISSIVE -> {
                return new Row(new Object[columns.length]);
            }
        }
        throw new IllegalStateException("unknown mode " + mode);
    }

    /** The row of a record, or null when DROPMALFORMED skips it. */
    private Row toRow(CSVRecord record, long line, long lineBreaks) {
        int fileFields = fileSchema.size() - (corruptColumn >= 0 ? 1 : 0);
        if (record.size() != fileFields) {
            return malformed(record, line, lineBreaks, null, "expected " + fileFields + " fields, found "
                    + record.size(), null);
        }
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] == corruptColumn) continue;
            String text = record.get(fieldOf(columns[i]));
            if (text == null) continue;
            try {
                values[i] = CsvValues.parse(text, types[i]);
            } catch (IllegalArgumentException e) {
                return malformed(record, line, lineBreaks, fileSchema.field(columns[i]).name(),
                        "cannot read '" + text + "' as " + types[i].sqlName(), e);
            }
        }
        if (recording != null) {
            for (int column = 0; column < fileSchema.size(); column++) {
                String text = column == corruptColumn ? null : record.get(fieldOf(column));
                if (text != null && !parses(text, fileSchema.field(column).type())) {
                    return malformed(record, line, lineBreaks, fileSchema.field(column).name(),
                            "cannot read '" + text + "' as " + fileSchema.field(column).type().sqlName(), null);
                }
            }
        }
        return new Row(values);
    }

    /** The record field holding a schema column: the corrupt-record column is not in the file. */
    private int fieldOf(int column) {
        return corruptColumn >= 0 && column > corruptColumn ? column - 1 : column;
    }

    private static boolean parses(String text, DataType type) {
        try {
            CsvValues.parse(text, type);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Row malformed(CSVRecord record, long line, long lineBreaks, String column, String problem,
                          Throwable cause) {
        switch (mode) {
            case FAILFAST -> {
                close();
                throw new CsvFormatException(fileName, line, splitStart, column, problem, cause);
            }
            case DROPMALFORMED -> {
                return null;
            }
            case PERMISSIVE -> {
                Object[] values = new Object[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    if (columns[i] == corruptColumn) {
                        values[i] = recording.record(record.getCharacterPosition(), lineBreaks);
                    }
                }
                return new Row(values);
            }
        }
        throw new IllegalStateException("unknown mode " + mode);
    }
}
