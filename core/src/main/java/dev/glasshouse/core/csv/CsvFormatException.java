package dev.glasshouse.core.csv;

/**
 * A CSV file does not match what it is read as. The message names the file, the line and, for a bad value, the
 * column: {@code s3://raw/sales/part-00003.csv line 17, column 'amount': cannot read 'abc' as double}.
 */
public class CsvFormatException extends RuntimeException {
    private final String file;
    private final long line;
    private final String column;

    /**
     * @param line       1-based physical line; for a split that does not start the file, counted from the first
     *                   line the split owns
     * @param splitStart byte offset of the split the line was counted in (0 for the whole file)
     * @param column     the column the problem is in, or null when it concerns the whole line
     */
    public CsvFormatException(String file, long line, long splitStart, String column, String problem, Throwable cause) {
        super(file + " line " + line + (splitStart > 0 ? " of split starting at byte " + splitStart : "")
                + (column != null ? ", column '" + column + "'" : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    /** The column concerned, or null when the problem is with the whole line. */
    public String column() {
        return column;
    }
}
