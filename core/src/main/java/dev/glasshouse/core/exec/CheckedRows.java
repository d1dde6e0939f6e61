package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;

/**
 * Checks each row user code returns against the schema the user declared for it, so a mistake fails the task
 * with the transformation and the column named, instead of later in the row encoder or a downstream operator.
 */
final class CheckedRows implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final Schema schema;
    private final String transformation;

    CheckedRows(Iterator<Row> rows, Schema schema, String transformation) {
        this.rows = rows;
        this.schema = schema;
        this.transformation = transformation;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public Row next() {
        Row row = rows.next();
        if (row == null) throw new IllegalStateException(transformation + " returned a null row; return a Row");
        if (row.size() != schema.size()) {
            throw new IllegalStateException(transformation + " returned a row of " + row.size() + " values, " + row
                    + ", but its declared schema " + schema + " has " + schema.size() + " columns");
        }
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            DataType type = schema.field(i).type();
            if (value != null && !fits(value, type)) {
                throw new IllegalStateException(transformation + " returned " + value + " (a "
                        + value.getClass().getSimpleName() + ") for column '" + schema.field(i).name() + "', declared "
                        + type.sqlName() + ", in row " + row);
            }
        }
        return row;
    }

    private static boolean fits(Object value, DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> value instanceof Boolean;
            case INT -> value instanceof Integer;
            case LONG -> value instanceof Long;
            case DOUBLE -> value instanceof Double;
            case DECIMAL -> value instanceof BigDecimal d && d.scale() == type.scale();
            case STRING -> value instanceof String;
            case DATE -> value instanceof LocalDate;
            case TIMESTAMP -> value instanceof Instant;
        };
    }
}
