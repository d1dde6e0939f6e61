package dev.glasshouse.driver.analysis;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a bound join condition (over left columns followed by right columns) into equality keys — conjuncts
 * {@code leftColumn = rightColumn} of the same type — and what remains, evaluated on each matched pair.
 *
 * @param leftKeys  positions in the left row
 * @param rightKeys positions in the right row (not shifted), pairwise equal to {@code leftKeys}
 * @param residual  the other conjuncts, bound to left then right columns; null when none
 */
public record JoinKeys(int[] leftKeys, int[] rightKeys, Expression residual) {

    public static JoinKeys extract(Expression condition, int leftWidth) {
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        Expression residual = null;
        for (Expression conjunct : conjuncts(condition)) {
            if (conjunct instanceof Comparison c && c.op() == Comparison.Op.EQ
                    && c.left() instanceof BoundColumn a && c.right() instanceof BoundColumn b
                    && a.type().equals(b.type()) && (a.index() < leftWidth) != (b.index() < leftWidth)) {
                BoundColumn l = a.index() < leftWidth ? a : b;
                BoundColumn r = a.index() < leftWidth ? b : a;
                left.add(l.index());
                right.add(r.index() - leftWidth);
            } else {
                residual = residual == null ? conjunct : new And(residual, conjunct);
            }
        }
        return new JoinKeys(left.stream().mapToInt(Integer::intValue).toArray(),
                right.stream().mapToInt(Integer::intValue).toArray(), residual);
    }

    public boolean isEmpty() {
        return leftKeys.length == 0;
    }

    private static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e instanceof And and) {
            out.addAll(conjuncts(and.left()));
            out.addAll(conjuncts(and.right()));
        } else {
            out.add(e);
        }
        return out;
    }
}
