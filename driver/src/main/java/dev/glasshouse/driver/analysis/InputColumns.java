package dev.glasshouse.driver.analysis;

import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns an expression may read — an analyzed plan's output — each with the alias of the side it comes from
 * ({@code df.as("s")}), so {@code s.country} can be told apart from another {@code country}.
 *
 * <p>An alias follows a column through filters, sorts and the like, through projections and groupings that pass
 * it on unchanged, and through joins; a computed column has none. A column named with a dot (SQL's internal
 * names) is found by its whole name first.
 *
 * @param qualifiers per position, the alias of the column's side, or null
 */
record InputColumns(Schema schema, List<String> qualifiers) {

    static InputColumns unqualified(Schema schema) {
        return new InputColumns(schema, Collections.nCopies(schema.size(), null));
    }

    static InputColumns of(LogicalPlan analyzed) {
        return new InputColumns(analyzed.schema(), qualifiers(analyzed));
    }

    /** Left columns then right columns, as a join condition sees them. */
    static InputColumns pair(LogicalPlan left, LogicalPlan right) {
        List<String> qualifiers = new ArrayList<>(qualifiers(left));
        qualifiers.addAll(qualifiers(right));
        List<Field> fields = new ArrayList<>(left.schema().fields());
        fields.addAll(right.schema().fields());
        return new InputColumns(new Schema(fields), qualifiers);
    }

    /** Positions of the columns called {@code name} whose side is aliased {@code qualifier}. */
    List<Integer> qualified(String qualifier, String name) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (qualifier.equals(qualifiers.get(i)) && schema.field(i).name().equals(name)) found.add(i);
        }
        return found;
    }

    /** Every column by its plain name, and also qualified when its side has an alias: what a name may mean. */
    List<String> writableNames() {
        List<String> names = new ArrayList<>(schema.names());
        for (int i = 0; i < schema.size(); i++) {
            if (qualifiers.get(i) != null) names.add(qualifiers.get(i) + "." + schema.field(i).name());
        }
        return names;
    }

    /** The qualified names of the columns called {@code name}, e.g. {@code [s.country, c.country]}. */
    List<String> qualifiedNames(String name) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            if (qualifiers.get(i) != null && schema.field(i).name().equals(name)) {
                names.add(qualifiers.get(i) + "." + name);
            }
        }
        return names;
    }

    private static List<String> qualifiers(LogicalPlan plan) {
        int width = plan.schema().size();
        if (plan instanceof SubqueryAlias alias) {
            return Collections.nCopies(width, alias.alias());
        } else if (plan instanceof Join join) {
            List<String> left = qualifiers(join.left());
            if (join.type().leftOnly()) return left;
            List<String> right = qualifiers(join.right());
            if (join.usingColumns().isEmpty()) {
                List<String> all = new ArrayList<>(left);
                all.addAll(right);
                return all;
            }
            // Using-columns come first and belong to neither side; then each side's other columns.
            List<String> all = new ArrayList<>(Collections.nCopies(join.usingColumns().size(), null));
            addUnlessUsing(join.left(), left, join.usingColumns(), all);
            addUnlessUsing(join.right(), right, join.usingColumns(), all);
            return all;
        } else if (plan instanceof Project project) {
            return passedOn(project.expressions().stream().map(e -> (Object) e).toList(), project.child());
        } else if (plan instanceof Aggregate aggregate) {
            List<Object> outputs = new ArrayList<>(aggregate.groupings());
            outputs.addAll(Collections.nCopies(aggregate.aggregates().size(), null));
            return passedOn(outputs, aggregate.child());
        } else if (plan.children().size() == 1 && plan.children().get(0).schema().equals(plan.schema())) {
            return qualifiers(plan.children().get(0));
        }
        return Collections.nCopies(width, null);
    }

    private static void addUnlessUsing(LogicalPlan side, List<String> qualifiers, List<String> using, List<String> out) {
        Schema schema = side.schema();
        for (int i = 0; i < schema.size(); i++) {
            if (!using.contains(schema.field(i).name())) out.add(qualifiers.get(i));
        }
    }

    /** A plain column keeps its side's alias; anything computed has none. */
    private static List<String> passedOn(List<Object> outputs, LogicalPlan child) {
        List<String> childQualifiers = qualifiers(child);
        List<String> out = new ArrayList<>();
        for (Object output : outputs) {
            // select(col("s.country")) outputs country AS country: still s's column.
            Object column = output instanceof Alias alias && alias.child() instanceof BoundColumn bound
                    && bound.name().endsWith("." + alias.name()) ? bound : output;
            out.add(column instanceof BoundColumn bound && bound.index() < childQualifiers.size()
                    ? childQualifiers.get(bound.index()) : null);
        }
        return out;
    }
}
