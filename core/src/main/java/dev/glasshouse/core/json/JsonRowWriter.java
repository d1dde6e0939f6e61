package dev.glasshouse.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.glasshouse.core.format.RowFileWriter;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Writes rows as JSON lines that {@link JsonRowReader} reads back to equal rows with the same schema: one object per
 * line ending in {@code \n}, fields in schema order, null fields left out (Spark's {@code ignoreNullFields}).
 * Numbers are JSON numbers (decimals with their plain digits), dates {@code "yyyy-MM-dd"}, timestamps ISO-8601 in
 * UTC ({@code "2024-01-05T10:00:00Z"}).
 */
public final class JsonRowWriter implements RowFileWriter {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final JsonGenerator out;
    private final Schema schema;
    private long rowsWritten;

    public JsonRowWriter(OutputStream out, Schema schema) {
        try {
            this.out = JSON.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start JSON output: " + e.getMessage(), e);
        }
        // Lines are separated by the '\n' written after each object, not by Jackson's default space.
        this.out.setRootValueSeparator(null);
        this.schema = schema;
    }

    @Override
    public void write(Row row) {
        if (row.size() != schema.size()) {
            throw new IllegalArgumentException("row " + row + " has " + row.size() + " values but the JSON schema "
                    + schema + " has " + schema.size() + " columns");
        }
        try {
            out.writeStartObject();
            for (int i = 0; i < row.size(); i++) {
                Object value = row.get(i);
                if (value == null) continue;
                out.writeFieldName(schema.field(i).name());
                writeValue(value);
            }
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON output failed: " + e.getMessage(), e);
        }
        rowsWritten++;
    }

    private void writeValue(Object value) throws IOException {
        if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Integer i) {
            out.writeNumber(i);
        } else if (value instanceof Long l) {
            out.writeNumber(l);
        } else if (value instanceof Double d) {
            out.writeNumber(d);
        } else if (value instanceof BigDecimal d) {
            out.writeNumber(d);
        } else {
            // Strings, and dates and timestamps in their ISO-8601 text (LocalDate and Instant print it).
            out.writeString(value.toString());
        }
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing JSON output failed: " + e.getMessage(), e);
        }
    }
}
