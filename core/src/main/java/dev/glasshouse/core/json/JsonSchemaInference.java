package dev.glasshouse.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Works out a JSON lines file's schema from its first lines, as Spark does: every field seen becomes a column, in
 * name order (Spark sorts inferred JSON fields); integers are {@code long}, other numbers {@code double}, then
 * {@code boolean} and {@code string}. A field with numbers of both kinds is a double, one with mixed kinds a
 * string, one only ever null a string. Reads only what it needs; the caller closes the stream.
 */
public final class JsonSchemaInference {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonSchemaInference() {
    }

    /**
     * @param fileName named in errors
     * @throws JsonFormatException for a line that is not a JSON object, or a field holding a nested object or array
     */
    public static Schema infer(InputStream in, String fileName, int maxRows) {
        Map<String, DataType> types = new TreeMap<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long line = 0;
        int rows = 0;
        try {
            for (String text = lines.readLine(); text != null && rows < maxRows; text = lines.readLine()) {
                line++;
                if (text.isBlank()) continue;
                rows++;
                inferLine(text, fileName, line, types);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + fileName + " to infer its schema: " + e.getMessage(), e);
        }
        List<Field> fields = new ArrayList<>();
        types.forEach((name, type) -> fields.add(new Field(name, type == null ? DataType.STRING : type)));
        return new Schema(fields);
    }

    private static void inferLine(String text, String fileName, long line, Map<String, DataType> types)
            throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonFormatException(fileName, line, 0, null, "a line must hold one JSON object, found "
                        + parser.currentToken(), null);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token.isStructStart()) {
                    throw new JsonFormatException(fileName, line, 0, field, "nested "
                            + (token == JsonToken.START_OBJECT ? "objects" : "arrays") + " are not supported: give "
                            + "the field a string, number, boolean or null, or read with an explicit schema that "
                            + "leaves it out", null);
                }
                DataType type = typeOf(token);
                DataType known = types.get(field);
                types.put(field, known == null ? type : type == null ? known : merge(known, type));
            }
        } catch (JsonProcessingException e) {
            throw new JsonFormatException(fileName, line, 0, null, "not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The type of a scalar token; null for JSON null (it says nothing about the column). */
    private static DataType typeOf(JsonToken token) {
        return switch (token) {
            case VALUE_NUMBER_INT -> DataType.LONG;
            case VALUE_NUMBER_FLOAT -> DataType.DOUBLE;
            case VALUE_TRUE, VALUE_FALSE -> DataType.BOOLEAN;
            case VALUE_NULL -> null;
            default -> DataType.STRING;
        };
    }

    private static DataType merge(DataType a, DataType b) {
        if (a.equals(b)) return a;
        if (a.isNumeric() && b.isNumeric()) return DataType.DOUBLE;
        return DataType.STRING;
    }
}
