package dev.glasshouse.driver;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.types.ValueText;
import java.util.ArrayList;
import java.util.List;

/** Renders rows as the boxed text table {@code show()} prints, the way Spark does. */
public final class TableFormatter {
    private TableFormatter() {
    }

    public static String format(Schema schema, List<Row> rows) {
        int columns = schema.size();
        int[] widths = new int[columns];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < columns; c++) widths[c] = schema.field(c).name().length();
        for (Row row : rows) {
            String[] texts = new String[columns];
            for (int c = 0; c < columns; c++) {
                Object value = row.get(c);
                texts[c] = value == null ? "null" : ValueText.of(value);
                widths[c] = Math.max(widths[c], texts[c].length());
            }
            cells.add(texts);
        }
        StringBuilder out = new StringBuilder();
        String border = border(widths);
        out.append(border);
        appendLine(out, widths, schema.names().toArray(String[]::new));
        out.append(border);
        for (String[] texts : cells) appendLine(out, widths, texts);
        out.append(border);
        return out.toString();
    }

    private static String border(int[] widths) {
        StringBuilder line = new StringBuilder("+");
        for (int width : widths) line.append("-".repeat(width)).append('+');
        return line.append('\n').toString();
    }

    private static void appendLine(StringBuilder out, int[] widths, String[] texts) {
        out.append('|');
        for (int c = 0; c < widths.length; c++) {
            out.append(" ".repeat(widths[c] - texts[c].length())).append(texts[c]).append('|');
        }
        out.append('\n');
    }
}
