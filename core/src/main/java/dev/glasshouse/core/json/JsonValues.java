package dev.glasshouse.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.DateTimeText;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** One JSON scalar (the parser's current token) as a value of a column type, the way Spark's JSON reader converts. */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * @return the value, or null for JSON null
     * @throws IllegalArgumentException when the token is not a value of the type; nested objects and arrays never are
     */
    static Object read(JsonParser parser, DataType type) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) return null;
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("nested " + (token == JsonToken.START_OBJECT ? "objects" : "arrays")
                    + " are not supported: only strings, numbers, booleans and null");
        }
        if (type == DataType.STRING) return parser.getText();
        return switch (type.kind()) {
            case BOOLEAN -> {
                if (token == JsonToken.VALUE_TRUE) yield Boolean.TRUE;
                if (token == JsonToken.VALUE_FALSE) yield Boolean.FALSE;
                throw mismatch(parser, type);
            }
            case INT -> {
                if (token != JsonToken.VALUE_NUMBER_INT) throw mismatch(parser, type);
                yield parser.getIntValue();
            }
            case LONG -> {
                if (token != JsonToken.VALUE_NUMBER_INT) throw mismatch(parser, type);
                yield parser.getLongValue();
            }
            case DOUBLE -> {
                if (!token.isNumeric()) throw mismatch(parser, type);
                yield parser.getDoubleValue();
            }
            case DECIMAL -> {
                BigDecimal value = (token.isNumeric() ? parser.getDecimalValue() : new BigDecimal(parser.getText().strip()))
                        .setScale(type.scale(), RoundingMode.HALF_UP);
                if (!type.fits(value)) throw new IllegalArgumentException("too many digits for " + type.sqlName());
                yield value;
            }
            case DATE -> {
                if (token != JsonToken.VALUE_STRING) throw mismatch(parser, type);
                yield DateTimeText.parseDate(parser.getText());
            }
            case TIMESTAMP -> {
                if (token != JsonToken.VALUE_STRING) throw mismatch(parser, type);
                yield DateTimeText.parseTimestamp(parser.getText());
            }
            case STRING -> throw new AssertionError("handled above");
        };
    }

    private static IllegalArgumentException mismatch(JsonParser parser, DataType type) throws IOException {
        String text = parser.currentToken() == JsonToken.VALUE_STRING ? "\"" + parser.getText() + "\"" : parser.getText();
        return new IllegalArgumentException("cannot read " + text + " as " + type.sqlName());
    }
}
