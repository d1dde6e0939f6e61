package dev.glasshouse.core.plan;

import dev.glasshouse.core.types.Schema;
import java.util.Arrays;
import java.util.List;

/**
 * User code run over each partition of the child: the typed transformations {@code map}, {@code flatMap},
 * {@code filter(FilterFunction)}, {@code mapPartitions} and the action {@code foreach}. Narrow. The optimizer
 * cannot see inside it: it needs every column of its child, and no filter moves across it.
 *
 * @param transformation the DataFrame method, e.g. {@code map}
 * @param function       a Java-serialized {@link dev.glasshouse.core.exec.RowsFunction}
 * @param schema         the schema the user declared for the rows the function returns
 */
public record MapPartitions(String transformation, byte[] function, Schema schema, LogicalPlan child)
        implements LogicalPlan {

    @Override
    public List<LogicalPlan> children() {
        return List.of(child);
    }

    @Override
    public LogicalPlan withChildren(List<LogicalPlan> children) {
        return new MapPartitions(transformation, function, schema, children.get(0));
    }

    @Override
    public String describe() {
        return "MapPartitions " + transformation + " (user code, " + function.length + " bytes) -> " + schema;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapPartitions m && transformation.equals(m.transformation)
                && Arrays.equals(function, m.function) && schema.equals(m.schema) && child.equals(m.child);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(function) * 31 + child.hashCode();
    }
}
