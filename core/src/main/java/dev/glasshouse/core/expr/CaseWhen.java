package dev.glasshouse.core.expr;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code CASE WHEN c1 THEN v1 WHEN c2 THEN v2 ... ELSE e END}, Spark's {@code when(...).otherwise(...)}. The first
 * condition that is true picks its value; a null condition counts as not true. With no branch taken the result is
 * the ELSE value, or null when there is none. The result type is the common type of the values
 * ({@link TypeCoercion}); every value is converted to it.
 *
 * @param otherwise the ELSE value, or null when the expression has none
 */
public record CaseWhen(List<Expression> conditions, List<Expression> values, Expression otherwise)
        implements Expression {
    public CaseWhen {
        if (conditions.isEmpty() || conditions.size() != values.size()) {
            throw new IllegalArgumentException("CASE WHEN needs one value per condition and at least one condition, "
                    + "got " + conditions.size() + " conditions and " + values.size() + " values");
        }
        conditions = List.copyOf(conditions);
        values = List.copyOf(values);
    }

    /** The same expression with one more {@code WHEN condition THEN value} at the end. */
    public CaseWhen when(Expression condition, Expression value) {
        List<Expression> c = new ArrayList<>(conditions);
        List<Expression> v = new ArrayList<>(values);
        c.add(condition);
        v.add(value);
        return new CaseWhen(c, v, otherwise);
    }

    @Override
    public Object eval(Row row) {
        for (int i = 0; i < conditions.size(); i++) {
            if (Boolean.TRUE.equals(conditions.get(i).eval(row))) return dataType().coerce(values.get(i).eval(row));
        }
        return otherwise == null ? null : dataType().coerce(otherwise.eval(row));
    }

    @Override
    public DataType dataType() {
        return TypeCoercion.commonType(resultValues());
    }

    /** The THEN values and the ELSE value, the expressions whose type the result shares. */
    public List<Expression> resultValues() {
        List<Expression> all = new ArrayList<>(values);
        if (otherwise != null) all.add(otherwise);
        return all;
    }

    /** Conditions and values alternate; the ELSE value, when present, comes last. */
    @Override
    public List<Expression> children() {
        List<Expression> children = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            children.add(conditions.get(i));
            children.add(values.get(i));
        }
        if (otherwise != null) children.add(otherwise);
        return children;
    }

    @Override
    public Expression withChildren(List<Expression> children) {
        List<Expression> c = new ArrayList<>();
        List<Expression> v = new ArrayList<>();
        for (int i = 0; i + 1 < children.size(); i += 2) {
            c.add(children.get(i));
            v.add(children.get(i + 1));
        }
        return new CaseWhen(c, v, children.size() % 2 == 1 ? children.get(children.size() - 1) : null);
    }

    @Override
    public String outputName() {
        return text(Expression::outputName);
    }

    @Override
    public String toString() {
        return text(Object::toString);
    }

    private String text(Function<Expression, String> show) {
        StringBuilder out = new StringBuilder("CASE");
        for (int i = 0; i < conditions.size(); i++) {
            out.append(" WHEN ").append(show.apply(conditions.get(i)))
                    .append(" THEN ").append(show.apply(values.get(i)));
        }
        if (otherwise != null) out.append(" ELSE ").append(show.apply(otherwise));
        return out.append(" END").toString();
    }
}
