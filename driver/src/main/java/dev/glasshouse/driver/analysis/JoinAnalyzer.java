package dev.glasshouse.driver.analysis;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;

/**
 * Binds a join's condition to the left columns followed by the right columns. A join on using-columns gets the
 * equality of those columns as its condition (rebuilt on every analysis, since both sides share the names). A
 * join must have at least one equality between a left and a right column: Glasshouse runs hash joins only.
 */
final class JoinAnalyzer {
    private JoinAnalyzer() {
    }

    static Join analyze(Join join, LogicalPlan left, LogicalPlan right, Analyzer analyzer) {
        Schema l = left.schema();
        Schema r = right.schema();
        Expression condition;
        if (!join.usingColumns().isEmpty()) {
            condition = null;
            for (String name : join.usingColumns()) {
                int li = l.indexOf(name);
                int ri = r.indexOf(name);
                if (li < 0 || ri < 0) {
                    throw new AnalysisException("using column '" + name + "' must exist on both sides of the join;"
                            + " left columns: " + String.join(", ", l.names()) + "; right columns: "
                            + String.join(", ", r.names()));
                }
                DataType type = l.field(li).type();
                if (!type.equals(r.field(ri).type())) {
                    throw new AnalysisException("using column '" + name + "' is a " + type.sqlName()
                            + " on the left but a " + r.field(ri).type().sqlName() + " on the right: cast one side");
                }
                Expression equal = new Comparison(Comparison.Op.EQ, new BoundColumn(li, name, type),
                        new BoundColumn(l.size() + ri, name, type));
                condition = condition == null ? equal : new And(condition, equal);
            }
        } else {
            condition = analyzer.resolve(join.condition(), InputColumns.pair(left, right));
            if (!condition.dataType().equals(DataType.BOOLEAN)) {
                throw new AnalysisException("join condition " + condition + " is a " + condition.dataType().sqlName()
                        + ", not a boolean");
            }
            if (JoinKeys.extract(condition, l.size()).isEmpty()) {
                throw new AnalysisException("join condition " + condition + " has no equality between a left column"
                        + " and a right column of the same type, e.g. col(\"customer_id\").equalTo(col(\"id\")):"
                        + " Glasshouse only runs hash joins");
            }
        }
        return new Join(left, right, join.type(), condition, join.usingColumns());
    }
}
