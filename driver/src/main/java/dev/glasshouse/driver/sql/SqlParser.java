package dev.glasshouse.driver.sql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Reads SQL text into JSqlParser's syntax tree. JSqlParser does not know Spark's {@code LEFT ANTI JOIN}, so it is
 * rewritten to {@code STRAIGHT_JOIN} (a MySQL join hint Spark SQL does not have) before parsing, and
 * {@link FromTranslator} reads a straight join as an anti join. The rewrite keeps every other character at its
 * line and column, so syntax errors still point into the text the user wrote.
 */
final class SqlParser {
    private static final Pattern ANTI_JOIN = Pattern.compile("(?i)\\bLEFT\\s+ANTI\\s+JOIN\\b");
    private static final String ANTI_JOIN_STAND_IN = "STRAIGHT_JOIN";
    private static final Pattern STAND_IN_WRITTEN = Pattern.compile("(?i)\\bSTRAIGHT_JOIN\\b");

    private SqlParser() {
    }

    static Select parse(String sql) {
        Matcher written = STAND_IN_WRITTEN.matcher(sql);
        if (written.find()) {
            throw syntaxError(sql, position(sql, written.start()), written.group(),
                    "STRAIGHT_JOIN is not Spark SQL: use JOIN, or LEFT ANTI JOIN for rows without a match");
        }
        String rewritten = rewriteAntiJoins(sql);
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(rewritten);
        } catch (JSQLParserException e) {
            throw fromParser(sql, e);
        }
        if (!(statement instanceof Select select)) {
            throw new SqlSyntaxException("only queries (SELECT ...) can run, but this is a "
                    + statement.getClass().getSimpleName() + " statement: " + sql, 1, 1, "");
        }
        return select;
    }

    private static String rewriteAntiJoins(String sql) {
        Matcher m = ANTI_JOIN.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // Same length, newlines kept: positions after the join stay where the user wrote them.
            StringBuilder standIn = new StringBuilder(ANTI_JOIN_STAND_IN);
            for (int i = ANTI_JOIN_STAND_IN.length(); i < m.group().length(); i++) {
                standIn.append(m.group().charAt(i) == '\n' ? '\n' : ' ');
            }
            m.appendReplacement(out, Matcher.quoteReplacement(standIn.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static SqlSyntaxException fromParser(String sql, JSQLParserException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ParseException parse && parse.currentToken != null) {
                Token bad = parse.currentToken.next != null ? parse.currentToken.next : parse.currentToken;
                String token = bad.image == null ? "" : bad.image;
                return syntaxError(sql, new int[]{bad.beginLine, bad.beginColumn}, token, null);
            }
        }
        return new SqlSyntaxException("cannot parse the query: " + e.getMessage(), 1, 1, "");
    }

    private static SqlSyntaxException syntaxError(String sql, int[] lineColumn, String token, String hint) {
        int line = lineColumn[0];
        int column = lineColumn[1];
        String where = token.isEmpty() ? "at the end of the query" : "at '" + token + "'";
        String[] lines = sql.split("\n", -1);
        String text = line >= 1 && line <= lines.length ? lines[line - 1] : "";
        String message = "SQL syntax error at line " + line + ", column " + column + ": unexpected input " + where
                + (hint == null ? "" : " (" + hint + ")")
                + "\n  " + text + "\n  " + " ".repeat(Math.max(0, column - 1)) + "^";
        return new SqlSyntaxException(message, line, column, token);
    }

    private static int[] position(String sql, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[]{line, offset - lineStart + 1};
    }
}
