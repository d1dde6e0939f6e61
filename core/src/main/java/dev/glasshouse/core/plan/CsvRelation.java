package dev.glasshouse.core.plan;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.types.Schema;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV files under an S3 path.
 *
 * @param fileSchema every column of the files
 * @param columns    the file columns this relation outputs, in order; column pruning narrows it so executors
 *                   convert only the fields the query uses
 */
public record CsvRelation(String path, CsvOptions options, Schema fileSchema, int[] columns) implements LogicalPlan {

    public static CsvRelation allColumns(String path, CsvOptions options, Schema fileSchema) {
        int[] all = new int[fileSchema.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new CsvRelation(path, options, fileSchema, all);
    }

    @Override
    public Schema schema() {
        return new Schema(Arrays.stream(columns).mapToObj(fileSchema::field).toList());
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
        String cols = Arrays.stream(columns).mapToObj(i -> fileSchema.field(i).toString())
                .collect(Collectors.joining(", ", "[", "]"));
        return "Relation csv " + path + " " + cols;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvRelation r && path.equals(r.path) && options.equals(r.options)
                && fileSchema.equals(r.fileSchema) && Arrays.equals(columns, r.columns);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(columns);
    }
}
