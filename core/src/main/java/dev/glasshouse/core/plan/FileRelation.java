package dev.glasshouse.core.plan;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Files of one format under an S3 path, possibly in Hive-style partition directories ({@code country=IN/}).
 *
 * @param dataSchema      the columns stored in the files
 * @param partitionSchema the columns whose values come from the files' {@code name=value} directories, after the
 *                        data columns; empty when the files are not partitioned
 * @param columns         the columns this relation outputs, in order, as indexes into the data columns followed by
 *                        the partition columns; column pruning narrows it so executors convert only what the query
 *                        uses
 * @param pushedFilters   conditions the scan applies to each row before it leaves the source, ANDed; bound to
 *                        positions of {@link #fullSchema()} (not of {@code columns}), so a column only a filter reads
 *                        is still read when pruning drops it from the output
 */
public record FileRelation(String path, FileFormat format, Schema dataSchema, Schema partitionSchema, int[] columns,
                           List<Expression> pushedFilters) implements LogicalPlan {

    public FileRelation {
        pushedFilters = List.copyOf(pushedFilters);
    }

    /** A relation that filters nothing while reading. */
    public FileRelation(String path, FileFormat format, Schema dataSchema, Schema partitionSchema, int[] columns) {
        this(path, format, dataSchema, partitionSchema, columns, List.of());
    }

    public FileRelation withColumns(int[] newColumns) {
        return new FileRelation(path, format, dataSchema, partitionSchema, newColumns, pushedFilters);
    }

    public FileRelation withPushedFilters(List<Expression> filters) {
        return new FileRelation(path, format, dataSchema, partitionSchema, columns, filters);
    }

    public static FileRelation allColumns(String path, FileFormat format, Schema dataSchema, Schema partitionSchema) {
        int[] all = new int[dataSchema.size() + partitionSchema.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new FileRelation(path, format, dataSchema, partitionSchema, all);
    }

    /** Unpartitioned CSV files: every column. */
    public static FileRelation csv(String path, CsvOptions options, Schema schema) {
        return allColumns(path, new FileFormat.Csv(options), schema, new Schema(List.of()));
    }

    /** The data columns followed by the partition columns. */
    public Schema fullSchema() {
        List<Field> fields = new ArrayList<>(dataSchema.fields());
        fields.addAll(partitionSchema.fields());
        return new Schema(fields);
    }

    @Override
    public Schema schema() {
        Schema full = fullSchema();
        return new Schema(Arrays.stream(columns).mapToObj(full::field).toList());
    }

    @Override
    public List<LogicalPlan> children() {
        return List.of();
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return this;
    }

    @Override
    public String describe() {
        String cols = schema().fields().stream().map(Field::toString).collect(Collectors.joining(", ", "[", "]"));
        String partitions = partitionSchema.size() == 0 ? ""
                : " partitioned by " + partitionSchema.names();
        return "Relation " + format.name() + " " + path + " " + cols + partitions + pushedFiltersText();
    }

    /** How {@code explain()} shows the pushed filters, as Spark does: {@code  PushedFilters: [(amount#4 > 50)]}. */
    public String pushedFiltersText() {
        if (pushedFilters.isEmpty()) return "";
        return " PushedFilters: " + pushedFilters.stream().map(Expression::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileRelation r && path.equals(r.path) && format.equals(r.format)
                && dataSchema.equals(r.dataSchema) && partitionSchema.equals(r.partitionSchema)
                && Arrays.equals(columns, r.columns) && pushedFilters.equals(r.pushedFilters);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(columns);
    }
}
