package dev.glasshouse.core.parquet;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.time.LocalDate;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;

/**
 * Decides from a row group's column statistics (each column chunk's min and max) whether any of its rows can pass
 * a pushed filter, so the reader skips the groups that cannot. Only {@code column op literal} comparisons (either
 * way round) on int, long, double and date columns, and ANDs of them, are decided; anything else, a column without
 * statistics, or a NaN bound counts as "may match". Skipping is only an optimization: the scan still tests every
 * row it reads.
 */
final class RowGroupStatistics {
    private RowGroupStatistics() {
    }

    /**
     * @param filter     bound to the file's columns followed by partition columns (a partition column counts as
     *                   unknown here)
     * @param fileSchema the file's columns as Glasshouse reads them
     */
    static boolean mayMatch(Expression filter, BlockMetaData group, Schema fileSchema) {
        if (filter instanceof And and) {
            return mayMatch(and.left(), group, fileSchema) && mayMatch(and.right(), group, fileSchema);
        } else if (filter instanceof Comparison c && c.left() instanceof BoundColumn column
                && c.right() instanceof Literal literal) {
            return mayMatch(c.op(), column, literal, group, fileSchema);
        } else if (filter instanceof Comparison c && c.left() instanceof Literal literal
                && c.right() instanceof BoundColumn column) {
            return mayMatch(flipped(c.op()), column, literal, group, fileSchema);
        }
        return true;
    }

    /** Whether {@code column op literal} may hold for some row of the group. */
    private static boolean mayMatch(Comparison.Op op, BoundColumn column, Literal literal, BlockMetaData group,
                                    Schema fileSchema) {
        if (column.index() >= fileSchema.size() || literal.value() == null) return true;
        DataType type = fileSchema.field(column.index()).type();
        ColumnChunkMetaData chunk = chunk(group, fileSchema.field(column.index()).name());
        Statistics<?> stats = chunk == null ? null : chunk.getStatistics();
        if (stats == null || stats.isEmpty() || !stats.hasNonNullValue()) return true;
        Object min = value(stats.genericGetMin(), type);
        Object max = value(stats.genericGetMax(), type);
        Object value = literal.value();
        if (min == null || max == null || !comparable(min, value)) return true;
        int vsMin = Comparison.compare(value, min);
        int vsMax = Comparison.compare(value, max);
        return switch (op) {
            case EQ -> vsMin >= 0 && vsMax <= 0;
            case NE -> !(vsMin == 0 && vsMax == 0);
            case LT -> vsMin > 0;
            case LE -> vsMin >= 0;
            case GT -> vsMax < 0;
            case GE -> vsMax <= 0;
        };
    }

    private static Comparison.Op flipped(Comparison.Op op) {
        return switch (op) {
            case EQ, NE -> op;
            case LT -> Comparison.Op.GT;
            case LE -> Comparison.Op.GE;
            case GT -> Comparison.Op.LT;
            case GE -> Comparison.Op.LE;
        };
    }

    private static ColumnChunkMetaData chunk(BlockMetaData group, String name) {
        for (ColumnChunkMetaData chunk : group.getColumns()) {
            if (chunk.getPath().toDotString().equals(name)) return chunk;
        }
        return null;
    }

    /** A statistics bound as the Java value of the column's Glasshouse type, or null when not decided here. */
    private static Object value(Object stored, DataType type) {
        switch (type.kind()) {
            case INT:
            case LONG:
                return stored instanceof Integer || stored instanceof Long ? stored : null;
            case DOUBLE:
                if (!(stored instanceof Float || stored instanceof Double)) return null;
                double d = ((Number) stored).doubleValue();
                return Double.isNaN(d) ? null : d;
            case DATE:
                return stored instanceof Integer days ? LocalDate.ofEpochDay(days) : null;
            default:
                return null;
        }
    }

    private static boolean comparable(Object bound, Object literal) {
        if (bound instanceof Number) return literal instanceof Number && !(literal instanceof Double d && d.isNaN());
        return bound.getClass() == literal.getClass();
    }
}
