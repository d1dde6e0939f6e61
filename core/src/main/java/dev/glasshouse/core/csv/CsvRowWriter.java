package dev.glasshouse.core.csv;

import dev.glasshouse.core.format.RowFileWriter;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.types.ValueText;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes rows as CSV lines ending in {@code \n} that {@link CsvRowReader} reads back to equal rows with the same
 * options: null is written as the null value (an empty field by default) and a string is quoted when it could
 * otherwise read differently (empty, equal to the null value, or holding the delimiter, quote, escape or a line
 * break). Numbers use Java's {@code toString} ({@code 12.0} stays {@code 12.0}), decimals their plain digits,
 * dates {@code yyyy-MM-dd} and timestamps {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC ({@link ValueText}). With quoting disabled an empty
 * string reads back as null, and a value needing quotes is escaped, or refused when escaping is disabled too.
 */
public final class CsvRowWriter implements RowFileWriter {
    private final Writer out;
    private final Schema schema;
    private final CsvOptions options;
    private long rowsWritten;

    public CsvRowWriter(OutputStream out, Schema schema, CsvOptions options) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        this.schema = schema;
        this.options = options;
    }

    /** Writes the column names as the first line. */
    public void writeHeader() {
        writeLine(schema.names().toArray());
    }

    public void write(Row row) {
        if (row.size() != schema.size()) {
            throw new IllegalArgumentException("row " + row + " has " + row.size() + " values but the CSV schema "
                    + schema + " has " + schema.size() + " columns");
        }
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) values[i] = row.get(i);
        writeLine(values);
        rowsWritten++;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing CSV output failed: " + e.getMessage(), e);
        }
    }

    private void writeLine(Object[] values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) out.write(options.delimiter());
                writeField(i, values[i]);
            }
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing CSV output failed: " + e.getMessage(), e);
        }
    }

    private void writeField(int column, Object value) throws IOException {
        if (value == null) {
            out.write(options.nullValue());
            return;
        }
        String text = ValueText.of(value);
        if (!needsQuoting(text)) {
            out.write(text);
        } else if (options.quote() != CsvOptions.NONE) {
            writeQuoted(text);
        } else if (options.escape() != CsvOptions.NONE) {
            writeEscaped(text);
        } else {
            throw new IllegalArgumentException("cannot write '" + text + "' in column '" + schema.field(column).name()
                    + "' as CSV: it needs quoting but the options disable both quote and escape");
        }
    }

    private boolean needsQuoting(String text) {
        if (text.isEmpty() || text.equals(options.nullValue())) return true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == options.delimiter() || c == '\n' || c == '\r'
                    || (c == options.quote() && c != CsvOptions.NONE)
                    || (c == options.escape() && c != CsvOptions.NONE)) {
                return true;
            }
        }
        return false;
    }

    /** Quotes are doubled (read back by any CSV reader); escape characters are escaped with themselves. */
    private void writeQuoted(String text) throws IOException {
        char quote = options.quote();
        char escape = options.escape();
        out.write(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote || c == escape) out.write(c);
            out.write(c);
        }
        out.write(quote);
    }

    private void writeEscaped(String text) throws IOException {
        char escape = options.escape();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == escape || c == options.delimiter() || c == '\n' || c == '\r') out.write(escape);
            out.write(c);
        }
    }
}
