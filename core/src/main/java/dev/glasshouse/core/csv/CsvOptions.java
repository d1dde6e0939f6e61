package dev.glasshouse.core.csv;

import java.util.Locale;
import java.util.Map;

/**
 * How a CSV file is laid out, with Spark's option names and defaults. Travels inside task plans (Jackson).
 *
 * @param header      the first line of each file holds column names
 * @param delimiter   field separator
 * @param quote       encloses fields holding the delimiter, quotes or line breaks; {@code '\0'} disables quoting
 * @param escape      escapes the next character; {@code '\0'} disables it. Beyond Spark, {@code \n}, {@code \r},
 *                    {@code \t}, {@code \b}, {@code \f} after it read as control characters (commons-csv)
 * @param nullValue   an unquoted field equal to this is null; a quoted one is the string itself
 * @param inferSchema sample the data to pick column types instead of reading every column as a string
 * @param mode        what a malformed row does: becomes nulls (PERMISSIVE), is skipped, or fails the read
 * @param columnNameOfCorruptRecord in PERMISSIVE mode, a string column of this name in the schema is not read from
 *                    the file but holds the raw text of a malformed row (null for good rows)
 */
public record CsvOptions(boolean header, char delimiter, char quote, char escape, String nullValue,
                         boolean inferSchema, ParseMode mode, String columnNameOfCorruptRecord) {
    static final char NONE = '\0';
    public static final String DEFAULT_CORRUPT_RECORD_COLUMN = "_corrupt_record";
    private static final String ACCEPTED = "header, delimiter (or sep), quote, escape, nullValue, inferSchema, mode, "
            + "columnNameOfCorruptRecord";

    public CsvOptions {
        if (nullValue == null) throw new IllegalArgumentException("CSV option 'nullValue' must not be null");
        if (mode == null) throw new IllegalArgumentException("CSV option 'mode' must not be null");
        if (columnNameOfCorruptRecord == null || columnNameOfCorruptRecord.isBlank()) {
            throw new IllegalArgumentException("CSV option 'columnNameOfCorruptRecord' must be a column name, got '"
                    + columnNameOfCorruptRecord + "'");
        }
        if (delimiter == NONE || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("CSV option 'delimiter' must be a character other than a line break, "
                    + "got " + describe(delimiter));
        }
        if (quote != NONE && quote == delimiter) {
            throw new IllegalArgumentException("CSV options 'quote' and 'delimiter' must differ, both are "
                    + describe(quote));
        }
        if (escape != NONE && escape == delimiter) {
            throw new IllegalArgumentException("CSV options 'escape' and 'delimiter' must differ, both are "
                    + describe(escape));
        }
    }

    /**
     * Spark's defaults: no header, comma, double quote, backslash escape, empty unquoted field is null, PERMISSIVE
     * with corrupt records in {@code _corrupt_record}.
     */
    public static CsvOptions defaults() {
        return new CsvOptions(false, ',', '"', '\\', "", false, ParseMode.PERMISSIVE, DEFAULT_CORRUPT_RECORD_COLUMN);
    }


    /**
     * Reads Spark's option names (case-insensitive, as Spark does): header, delimiter (alias sep), quote, escape,
     * nullValue, inferSchema, mode, columnNameOfCorruptRecord. Options not given keep their {@link #defaults()}.
     */
    public static CsvOptions fromMap(Map<String, String> options) {
        CsvOptions d = defaults();
        boolean header = d.header();
        char delimiter = d.delimiter();
        char quote = d.quote();
        char escape = d.escape();
        String nullValue = d.nullValue();
        boolean inferSchema = d.inferSchema();
        ParseMode mode = d.mode();
        String corruptRecordColumn = d.columnNameOfCorruptRecord();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "header" -> header = bool(name, value);
                case "delimiter", "sep" -> delimiter = character(name, value, false);
                case "quote" -> quote = character(name, value, true);
                case "escape" -> escape = character(name, value, true);
                case "nullvalue" -> nullValue = value;
                case "inferschema" -> inferSchema = bool(name, value);
                case "mode" -> mode = ParseMode.parse(value);
                case "columnnameofcorruptrecord" -> corruptRecordColumn = value;
                default -> throw new IllegalArgumentException("unknown CSV option '" + name + "': the accepted "
                        + "options are " + ACCEPTED);
            }
        }
        return new CsvOptions(header, delimiter, quote, escape, nullValue, inferSchema, mode, corruptRecordColumn);
    }

    private static boolean bool(String name, String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true")) return true;
            if (v.equals("false")) return false;
        }
        throw new IllegalArgumentException("option '" + name + "' must be true or false, got '" + value + "'");
    }

    /** One character; {@code \t} spelled out is a tab; the empty string disables quote and escape (as in Spark). */
    private static char character(String name, String value, boolean emptyDisables) {
        if (value != null) {
            if (value.length() == 1) return value.charAt(0);
            if (value.equals("\\t")) return '\t';
            if (value.isEmpty() && emptyDisables) return NONE;
        }
        throw new IllegalArgumentException("option '" + name + "' must be a single character"
                + (emptyDisables ? " (or empty to disable it)" : "") + ", got '" + value + "'");
    }

    private static String describe(char c) {
        return switch (c) {
            case NONE -> "none";
            case '\n' -> "'\\n'";
            case '\r' -> "'\\r'";
            case '\t' -> "'\\t'";
            default -> "'" + c + "'";
        };
    }
}
