package dev.glasshouse.driver.sql;

/**
 * A query the SQL parser cannot read. The message names the line and column (both from 1) of the first token the
 * parser could not accept, and the token itself, followed by the query line with a caret under the spot.
 */
public final class SqlSyntaxException extends RuntimeException {
    private final int line;
    private final int column;
    private final String token;

    SqlSyntaxException(String message, int line, int column, String token) {
        super(message);
        this.line = line;
        this.column = column;
        this.token = token;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The text of the offending token; empty at the end of the query. */
    public String token() {
        return token;
    }
}
