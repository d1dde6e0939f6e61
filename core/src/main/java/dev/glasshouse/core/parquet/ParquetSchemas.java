package dev.glasshouse.core.parquet;

import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Glasshouse column types ↔ Parquet types, as Spark writes them: boolean, int32, int64, double, UTF-8 binary
 * strings, decimals as binary two's-complement unscaled values, dates as int32 DATE, timestamps as int64
 * TIMESTAMP(MICROS, UTC). Every column is optional (nullable).
 */
public final class ParquetSchemas {
    private ParquetSchemas() {
    }

    public static MessageType toParquet(Schema schema) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Field field : schema.fields()) {
            DataType type = field.type();
            switch (type.kind()) {
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(field.name());
                case INT -> message.optional(PrimitiveTypeName.INT32).named(field.name());
                case LONG -> message.optional(PrimitiveTypeName.INT64).named(field.name());
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(field.name());
                case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(field.name());
                case DECIMAL -> message.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.decimalType(type.scale(), type.precision())).named(field.name());
                case DATE -> message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType())
                        .named(field.name());
                case TIMESTAMP -> message.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(field.name());
            }
        }
        return message.named("spark_schema");
    }

    /**
     * @param fileName named in errors
     * @throws IllegalArgumentException for a nested or repeated column, or a primitive type Glasshouse has no type for
     */
    public static Schema fromParquet(MessageType message, String fileName) {
        List<Field> fields = new ArrayList<>();
        for (Type column : message.getFields()) {
            if (!column.isPrimitive() || column.isRepetition(Type.Repetition.REPEATED)) {
                throw new IllegalArgumentException("column '" + column.getName() + "' of " + fileName + " is nested "
                        + "or repeated (" + column + "): only flat columns of scalar values can be read");
            }
            fields.add(new Field(column.getName(), typeOf(column.asPrimitiveType(), fileName)));
        }
        return new Schema(fields);
    }

    private static DataType typeOf(PrimitiveType column, String fileName) {
        LogicalTypeAnnotation annotation = column.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return DataType.decimal(decimal.getPrecision(), decimal.getScale());
        }
        switch (column.getPrimitiveTypeName()) {
            case BOOLEAN:
                return DataType.BOOLEAN;
            case INT32:
                return annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? DataType.DATE : DataType.INT;
            case INT64:
                if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation ts
                        && ts.getUnit() != LogicalTypeAnnotation.TimeUnit.NANOS) {
                    return DataType.TIMESTAMP;
                }
                if (annotation == null || annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation) {
                    return DataType.LONG;
                }
                break;
            case FLOAT:
            case DOUBLE:
                return DataType.DOUBLE;
            case BINARY:
                if (annotation == null || annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
                    return DataType.STRING;
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("column '" + column.getName() + "' of " + fileName + " has the Parquet "
                + "type " + column + ", which Glasshouse cannot read: supported are boolean, int32, int64, float, "
                + "double, UTF-8 binary, decimal, date and timestamp (millis or micros)");
    }
}
