package dev.glasshouse.core.json;

/**
 * A JSON lines file does not match what it is read as. The message names the file, the line and, for a bad value,
 * the field: {@code s3://raw/sales/part-00003.json line 17, field 'amount': cannot read "abc" as double}.
 */
public class JsonFormatException extends RuntimeException {

    /**
     * @param line       1-based line; for a split that does not start the file, counted from its first line
     * @param splitStart byte offset of the split the line was counted in (0 for the whole file)
     * @param field      the field the problem is in, or null when it concerns the whole line
     */
    public JsonFormatException(String file, long line, long splitStart, String field, String problem, Throwable cause) {
        super(file + " line " + line + (splitStart > 0 ? " of split starting at byte " + splitStart : "")
                + (field != null ? ", field '" + field + "'" : "") + ": " + problem, cause);
    }
}
