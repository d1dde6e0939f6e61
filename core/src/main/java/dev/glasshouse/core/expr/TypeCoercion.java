package dev.glasshouse.core.expr;

import dev.glasshouse.core.types.DataType;
import java.util.List;

/**
 * The one type several values must share, for {@code CASE WHEN}, {@code coalesce} and {@code IN}: numbers widen
 * (int &lt; long &lt; decimal &lt; double), other types must be equal. An untyped null literal fits any type.
 */
public final class TypeCoercion {
    private TypeCoercion() {
    }

    /** The common type, or null when the values have none (a string with a number, say). */
    public static DataType commonType(List<Expression> values) {
        DataType common = null;
        for (Expression value : values) {
            if (isNullLiteral(value)) continue;
            DataType type = value.dataType();
            if (common == null || common.equals(type)) {
                common = type;
            } else if (common.isNumeric() && type.isNumeric()) {
                common = DataType.widerNumeric(common, type);
            } else {
                return null;
            }
        }
        return common == null ? DataType.STRING : common;
    }

    public static boolean isNullLiteral(Expression e) {
        return e instanceof Literal l && l.value() == null;
    }
}
