package dev.glasshouse.core.csv;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Works out a CSV file's schema from its first lines, as Spark's {@code inferSchema} does. Reads only what it needs
 * and leaves closing the stream to the caller.
 */
public final class CsvSchemaInference {
    private CsvSchemaInference() {
    }

    /**
     * Column names come from the header (or are {@code _c0, _c1, ...}); each column's type is the narrowest of
     * INT, LONG, DOUBLE (or BOOLEAN, DATE {@code yyyy-MM-dd}, TIMESTAMP; a date column with some timestamps is a
     * timestamp column) that reads every non-null value among the first {@code maxRows} rows, else
     * STRING. A column holding only nulls is STRING. An empty file has an empty schema.
     */
    public static Schema infer(InputStream in, CsvOptions options, int maxRows) {
        Iterator<CSVRecord> records = records(in, options);
        CSVRecord first = nextNonBlank(records);
        if (first == null) return new Schema(List.of());
        List<String> names = columnNames(first, options.header());
        DataType[] types = new DataType[names.size()];
        CSVRecord record = options.header() ? nextNonBlank(records) : first;
        for (int rows = 0; record != null && rows < maxRows; rows++) {
            for (int i = 0; i < Math.min(types.length, record.size()); i++) {
                String text = record.get(i);
                if (text == null || text.isEmpty()) continue;
                DataType type = CsvValues.narrowest(text);
                types[i] = types[i] == null ? type : CsvValues.merge(types[i], type);
            }
            record = nextNonBlank(records);
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            fields.add(new Field(names.get(i), types[i] == null ? DataType.STRING : types[i]));
        }
        return new Schema(fields);
    }

    /**
     * The column names Spark would give the file: from its first line when {@code options.header()}, else
     * {@code _c0, _c1, ...} for as many fields as the first line has. Empty for an empty file.
     */
    public static List<String> readHeader(InputStream in, CsvOptions options) {
        CSVRecord first = nextNonBlank(records(in, options));
        return first == null ? List.of() : columnNames(first, options.header());
    }

    /** Header names made usable as Spark does: blank ones become {@code _cN}, repeats get their index appended. */
    private static List<String> columnNames(CSVRecord first, boolean header) {
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            String name = header ? first.get(i) : null;
            raw.add(name == null || name.isBlank() ? "_c" + i : name);
        }
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new HashSet<>();
        for (String name : raw) {
            if (!seen.add(name.toLowerCase(Locale.ROOT))) repeated.add(name.toLowerCase(Locale.ROOT));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            names.add(repeated.contains(name.toLowerCase(Locale.ROOT)) ? name + i : name);
        }
        return names;
    }

    private static Iterator<CSVRecord> records(InputStream in, CsvOptions options) {
        try {
            CSVParser parser = CsvFormats.forReading(options).parse(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parser.iterator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV to infer its schema: " + e.getMessage(), e);
        }
    }

    private static CSVRecord nextNonBlank(Iterator<CSVRecord> records) {
        while (records.hasNext()) {
            CSVRecord record = records.next();
            if (!CsvFormats.isBlankLine(record)) return record;
        }
        return null;
    }
}
