package dev.glasshouse.core.types;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** An ordered list of columns. Column lookup is by exact name, as Spark does by default for case-sensitive data. */
public record Schema(List<Field> fields) {
    public Schema {
        fields = List.copyOf(fields);
    }

    public static Schema of(Field... fields) {
        return new Schema(List.of(fields));
    }

    /**
     * Parses "name type, name type, ..." (Spark's DDL form, e.g. {@code "country string, price decimal(10,2)"}).
     */
    public static Schema parseDdl(String ddl) {
        List<Field> fields = new ArrayList<>();
        // A comma inside parentheses belongs to a decimal's precision and scale, not between columns.
        for (String part : ddl.split(",(?![^(]*\\))")) {
            String[] words = part.trim().split("\\s+", 2);
            if (words.length != 2) {
                throw new IllegalArgumentException("bad schema entry '" + part.trim()
                        + "': write 'name type', e.g. 'amount double'");
            }
            fields.add(new Field(words[0], DataType.parse(words[1])));
        }
        return new Schema(fields);
    }

    public int size() {
        return fields.size();
    }

    public Field field(int i) {
        return fields.get(i);
    }

    /** Index of the column, or -1. */
    public int indexOf(String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    public List<String> names() {
        return fields.stream().map(Field::name).toList();
    }

    public DataType[] types() {
        return fields.stream().map(Field::type).toArray(DataType[]::new);
    }

    @Override
    public String toString() {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
