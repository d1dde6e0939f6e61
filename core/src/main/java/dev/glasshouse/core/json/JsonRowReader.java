package dev.glasshouse.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.glasshouse.core.csv.ParseMode;
import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.format.RowFileReader;
import dev.glasshouse.core.io.SplitLineInputStream;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the rows of one JSON lines file, or one split of it: each line is one object, parsed with Jackson's
 * streaming parser and kept only in the selected columns. Fields not in the schema are ignored and missing ones are
 * null, as in Spark; blank lines are no rows. A malformed line (not an object, broken JSON, a value not of its
 * column's type, a nested object or array) is handled by the {@link ParseMode}: it fails the read naming the file,
 * the line and the field (FAILFAST), is skipped (DROPMALFORMED) or becomes a row of nulls (PERMISSIVE).
 */
public final class JsonRowReader implements RowFileReader {
    private static final JsonFactory JSON = new JsonFactory();

    private final String fileName;
    private final long splitStart;
    private final ParseMode mode;
    private final Map<String, Integer> outputIndex = new HashMap<>();
    private final DataType[] types;
    private final SplitLineInputStream input;
    private final BufferedReader lines;
    private long line;
    private Row next;
    private boolean done;
    private long rowsRead;

    /** Reads the whole stream as one file; takes ownership of {@code in}. */
    public JsonRowReader(InputStream in, String fileName, ParseMode mode, Schema fileSchema, int[] columns) {
        this(new SplitLineInputStream(in, false, Long.MAX_VALUE), fileName, mode, fileSchema, columns, 0);
    }

    private JsonRowReader(SplitLineInputStream input, String fileName, ParseMode mode, Schema fileSchema,
                          int[] columns, long splitStart) {
        this.fileName = fileName;
        this.splitStart = splitStart;
        this.mode = mode;
        this.types = new DataType[columns.length];
        for (int i = 0; i < columns.length; i++) {
            outputIndex.put(fileSchema.field(columns[i]).name(), i);
            types[i] = fileSchema.field(columns[i]).type();
        }
        this.input = input;
        this.lines = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** Reads one split of a JSON lines object in S3 (one ranged GET from the split's start to the end of the file). */
    public static JsonRowReader open(ObjectStore store, FileSplit split, ParseMode mode, Schema fileSchema,
                                     int[] columns) {
        long toEnd = split.fileSize() - split.start();
        InputStream in = toEnd <= 0 ? InputStream.nullInputStream()
                : store.open(S3Path.parse(split.path()), split.start(), toEnd);
        return new JsonRowReader(new SplitLineInputStream(in, split.start() > 0, split.length()), split.path(), mode,
                fileSchema, columns, split.start());
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) advance();
        return next != null;
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        Row row = next;
        next = null;
        return row;
    }

    @Override
    public long bytesRead() {
        return input.bytesRead();
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void close() {
        done = true;
        try {
            lines.close();
        } catch (IOException ignored) {
            // Reading is over; a failure to close the connection loses nothing.
        }
    }

    private void advance() {
        while (true) {
            String text;
            try {
                text = lines.readLine();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("reading " + fileName + " near line " + (line + 1) + " failed: "
                        + e.getMessage(), e);
            }
            if (text == null) {
                close();
                return;
            }
            line++;
            if (text.isBlank()) continue;
            next = toRow(text);
            if (next == null) continue;
            rowsRead++;
            return;
        }
    }

    /** The row of a line, or null when DROPMALFORMED skips it. */
    private Row toRow(String text) {
        Object[] values = new Object[types.length];
        String field = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return malformed(null, "a line must hold one JSON object, found " + parser.currentToken(), null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                field = parser.currentName();
                parser.nextToken();
                Integer index = outputIndex.get(field);
                if (index != null) {
                    values[index] = JsonValues.read(parser, types[index]);
                } else if (parser.currentToken().isStructStart()) {
                    parser.skipChildren();
                }
                field = null;
            }
            if (parser.nextToken() != null) {
                return malformed(null, "text after the end of the object", null);
            }
        } catch (JsonProcessingException e) {
            return malformed(null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            return malformed(field, e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + fileName + " line " + line + " failed: " + e.getMessage(), e);
        }
        return new Row(values);
    }

    private Row malformed(String field, String problem, Throwable cause) {
        switch (mode) {
            case FAILFAST -> {
                close();
                throw new JsonFormatException(fileName, line, splitStart, field, problem, cause);
            }
            case DROPMALFORMED -> {
                return null;
            }
            case PERMISSIVE -> {
                return new Row(new Object[types.length]);
            }
        }
        throw new IllegalStateException("unknown mode " + mode);
    }
}
