package dev.glasshouse.driver.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;

/** Walking JSqlParser expression trees: finding the aggregate calls in a SELECT item, a HAVING or an ORDER BY. */
final class SqlTrees {
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");

    private SqlTrees() {
    }

    static boolean isAggregate(Expression e) {
        return e instanceof Function f && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT));
    }

    /** The outermost aggregate calls in {@code e}, left to right (an aggregate's argument is not searched). */
    static List<Function> aggregatesIn(Expression e) {
        List<Function> found = new ArrayList<>();
        collect(e, found);
        return found;
    }

    private static void collect(Expression e, List<Function> found) {
        if (e == null) return;
        if (isAggregate(e)) {
            found.add((Function) e);
            return;
        }
        for (Expression child : children(e)) collect(child, found);
    }

    /** The sub-expressions of the node kinds the translator understands; none for leaves and unknown kinds. */
    static List<Expression> children(Expression e) {
        List<Expression> children = new ArrayList<>();
        if (e instanceof BinaryExpression b) {
            children.add(b.getLeftExpression());
            children.add(b.getRightExpression());
        } else if (e instanceof ExpressionList<?> list) {
            children.addAll(list);
        } else if (e instanceof Function f) {
            if (f.getParameters() != null) children.addAll(f.getParameters());
        } else if (e instanceof NotExpression n) {
            children.add(n.getExpression());
        } else if (e instanceof SignedExpression s) {
            children.add(s.getExpression());
        } else if (e instanceof IsNullExpression n) {
            children.add(n.getLeftExpression());
        } else if (e instanceof CastExpression c) {
            children.add(c.getLeftExpression());
        } else if (e instanceof Between b) {
            children.add(b.getLeftExpression());
            children.add(b.getBetweenExpressionStart());
            children.add(b.getBetweenExpressionEnd());
        } else if (e instanceof InExpression in) {
            children.add(in.getLeftExpression());
            children.add(in.getRightExpression());
        } else if (e instanceof CaseExpression c) {
            if (c.getSwitchExpression() != null) children.add(c.getSwitchExpression());
            for (WhenClause when : c.getWhenClauses()) {
                children.add(when.getWhenExpression());
                children.add(when.getThenExpression());
            }
            if (c.getElseExpression() != null) children.add(c.getElseExpression());
        }
        return children;
    }

    /** Strips the quotes of {@code `name`} or {@code "name"}. */
    static String unquote(String identifier) {
        if (identifier == null || identifier.length() < 2) return identifier;
        char first = identifier.charAt(0);
        char last = identifier.charAt(identifier.length() - 1);
        if ((first == '`' && last == '`') || (first == '"' && last == '"')) {
            return identifier.substring(1, identifier.length() - 1);
        }
        return identifier;
    }
}
