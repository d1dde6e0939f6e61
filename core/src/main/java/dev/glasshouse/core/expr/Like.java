package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * SQL {@code LIKE}: {@code %} matches any run of characters (also none), {@code _} exactly one, and a backslash
 * makes the next character literal ({@code 100\%}). The whole string must match; case matters. Null in, null out.
 */
public record Like(Expression child, String pattern) implements Expression {
    private static final char ESCAPE = '\\';

    public Like {
        if (pattern.endsWith(String.valueOf(ESCAPE)) && !pattern.endsWith("" + ESCAPE + ESCAPE)) {
            throw new IllegalArgumentException("LIKE pattern '" + pattern + "' ends with the escape character \\: "
                    + "write \\\\ for a literal backslash");
        }
    }

    @Override
    public Object eval(Row row) {
        Object v = child.eval(row);
        return v == null ? null : matches((String) v, pattern);
    }

    /**
     * Glob matching with backtracking to the last {@code %} only, so it takes O(text × pattern) steps at worst and
     * no regular expression is compiled per row.
     */
    static boolean matches(String text, String pattern) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '%') {
                starP = ++p;
                starT = t;
            } else if (p < pattern.length() && matchesOne(pattern, p, text.charAt(t))) {
                p += pattern.charAt(p) == ESCAPE ? 2 : 1;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '%') p++;
        return p == pattern.length();
    }

    private static boolean matchesOne(String pattern, int p, char c) {
        char pc = pattern.charAt(p);
        if (pc == ESCAPE) return p + 1 < pattern.length() && pattern.charAt(p + 1) == c;
        return pc == '_' || pc == c;
    }

    @Override
    public DataType dataType() {
        return DataType.BOOLEAN;
    }

    @Override
    public List<Expression> children() {
        return List.of(child);
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        return new Like(children.get(0), pattern);
    }

    @Override
    public String outputName() {
        return child.outputName() + " LIKE " + pattern;
    }

    @Override
    public String toString() {
        return "(" + child + " LIKE '" + pattern + "')";
    }
}
