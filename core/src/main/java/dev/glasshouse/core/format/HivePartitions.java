package dev.glasshouse.core.format;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.types.ValueText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hive-style partition directories, as Spark writes and discovers them: {@code country=IN/year=2024/part-...}.
 * A value is escaped like Hive does ({@code %XX} for '/', '=', '%', control characters and a few more); null is
 * {@value #NULL_DIRECTORY_VALUE}.
 */
public final class HivePartitions {
    public static final String NULL_DIRECTORY_VALUE = "__HIVE_DEFAULT_PARTITION__";
    private static final String ESCAPED = "\"#%'*/:=?\\{[]^";

    private HivePartitions() {
    }

    /** The directory of one partition value: {@code country=IN}. */
    public static String directory(String column, Object value) {
        return escape(column) + "=" + (value == null ? NULL_DIRECTORY_VALUE : escape(ValueText.of(value)));
    }

    /**
     * The {@code name=value} directories of a file path, in order, values unescaped (null for the default
     * partition). Only the directories below {@code root} count.
     */
    public static Map<String, String> valuesOf(String root, String filePath) {
        String relative = filePath.startsWith(root) ? filePath.substring(root.length()) : filePath;
        String[] segments = relative.split("/");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < segments.length - 1; i++) {
            int eq = segments[i].indexOf('=');
            if (eq <= 0) continue;
            String value = unescape(segments[i].substring(eq + 1));
            values.put(unescape(segments[i].substring(0, eq)), value.equals(NULL_DIRECTORY_VALUE) ? null : value);
        }
        return values;
    }

    /**
     * The partition columns of the files under {@code root}, as Spark's partition discovery finds them: the
     * {@code name=value} directories, each typed as the narrowest of int, long, double, date that reads every
     * non-null value, else string. Empty when the files are not partitioned.
     *
     * @throws IllegalArgumentException when files disagree on the partition columns
     */
    public static Schema discover(String root, List<String> filePaths) {
        List<String> names = null;
        Map<String, DataType> types = new LinkedHashMap<>();
        for (String path : filePaths) {
            Map<String, String> values = valuesOf(root, path);
            List<String> these = new ArrayList<>(values.keySet());
            if (names == null) {
                names = these;
            } else if (!names.equals(these)) {
                throw new IllegalArgumentException("conflicting partition directories under " + root + ": " + path
                        + " has " + these + " but other files have " + names + "; every file must sit at the same "
                        + "depth of name=value directories");
            }
            values.forEach((name, value) -> {
                if (value == null) {
                    types.putIfAbsent(name, null);
                } else {
                    DataType type = typeOf(value);
                    DataType known = types.get(name);
                    types.put(name, known == null ? type : wider(known, type));
                }
            });
        }
        List<Field> fields = new ArrayList<>();
        types.forEach((name, type) -> fields.add(new Field(name, type == null ? DataType.STRING : type)));
        return new Schema(fields);
    }

    /** A partition value of a file path as its column's type; null stays null. */
    public static Object parse(String text, DataType type) {
        if (text == null) return null;
        return switch (type.kind()) {
            case INT -> Integer.parseInt(text);
            case LONG -> Long.parseLong(text);
            case DOUBLE -> Double.parseDouble(text);
            case DATE -> DateTimeText.parseDate(text);
            case STRING -> text;
            default -> type.coerce(text);
        };
    }

    private static DataType typeOf(String value) {
        for (DataType candidate : new DataType[] {DataType.INT, DataType.LONG, DataType.DOUBLE, DataType.DATE}) {
            try {
                parse(value, candidate);
                return candidate;
            } catch (IllegalArgumentException notThisType) {
                // try the next wider type
            }
        }
        return DataType.STRING;
    }

    private static DataType wider(DataType a, DataType b) {
        if (a.equals(b)) return a;
        if (a.isNumeric() && b.isNumeric()) return DataType.widerNumeric(a, b);
        return DataType.STRING;
    }

    /** Escapes the ASCII characters Hive escapes; other characters, non-ASCII ones included, stay as they are. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || ESCAPED.indexOf(c) >= 0) {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }
}
