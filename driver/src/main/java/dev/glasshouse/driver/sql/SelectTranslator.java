package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * One {@code SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ...} block, in SQL's logical order: FROM, WHERE,
 * GROUP BY with the aggregates, HAVING, then the SELECT list. {@link QueryTail} adds DISTINCT, ORDER BY and LIMIT.
 */
final class SelectTranslator {
    private final FromTranslator from;

    SelectTranslator(FromTranslator from) {
        this.from = from;
    }

    /**
     * One column of the SELECT list: the name the user sees, its value, and the SQL it came from (null for *).
     * {@code named} is true when the value is a plain column already called {@code name}, which needs no alias.
     */
    record OutputColumn(String name, Column column, Expression source, boolean named) {
        Column projected() {
            return named ? column : column.as(name);
        }
    }

    DataFrame translate(PlainSelect select) {
        Relation input = from.translate(select.getFromItem(), select.getJoins());
        DataFrame frame = input.frame();
        if (select.getWhere() != null) {
            for (Function aggregate : SqlTrees.aggregatesIn(select.getWhere())) {
                throw new AnalysisException("aggregate function " + aggregate + " is not allowed in WHERE: "
                        + "filter on aggregates with HAVING instead");
            }
            frame = frame.filter(ExpressionTranslator.plain(input.scope(), "WHERE").translate(select.getWhere()));
        }
        List<SelectItem<?>> items = select.getSelectItems();
        boolean aggregated = select.getGroupBy() != null || select.getHaving() != null
                || items.stream().anyMatch(i -> !SqlTrees.aggregatesIn(i.getExpression()).isEmpty());
        if (!aggregated) {
            ExpressionTranslator expressions = ExpressionTranslator.plain(input.scope(), "SELECT");
            List<OutputColumn> outputs = outputs(items, input.scope(), expressions);
            return QueryTail.apply(select, frame, expressions, outputs, input.scope(), aliases(items));
        }
        return aggregate(select, input.scope(), frame, items);
    }

    private DataFrame aggregate(PlainSelect select, Scope scope, DataFrame frame, List<SelectItem<?>> items) {
        Map<String, Expression> aliases = aliases(items);
        List<Expression> keys = new ArrayList<>();
        if (select.getGroupBy() != null) {
            for (Object key : select.getGroupBy().getGroupByExpressionList()) {
                keys.add(groupKey((Expression) key, items, aliases, scope));
            }
        }
        List<Function> calls = new ArrayList<>();
        for (SelectItem<?> item : items) calls.addAll(SqlTrees.aggregatesIn(item.getExpression()));
        if (select.getHaving() != null) calls.addAll(SqlTrees.aggregatesIn(select.getHaving()));
        if (select.getOrderByElements() != null) {
            select.getOrderByElements().forEach(o -> calls.addAll(SqlTrees.aggregatesIn(o.getExpression())));
        }
        Aggregation aggregation = new Aggregation(scope, keys, calls);
        DataFrame grouped = aggregation.apply(frame);

        if (select.getHaving() != null) {
            // HAVING may name a SELECT alias (HAVING n > 10) when no input column has that name; the translator
            // then translates the alias's expression itself, hence the one-element array.
            ExpressionTranslator[] having = new ExpressionTranslator[1];
            having[0] = new ExpressionTranslator(scope, e -> {
                Expression aliased = aliasTarget(e, aliases, scope);
                return aliased != null ? having[0].translate(aliased) : aggregation.replace(e, "HAVING");
            }, "HAVING");
            grouped = grouped.filter(having[0].translate(select.getHaving()));
        }
        ExpressionTranslator expressions = new ExpressionTranslator(scope, e -> aggregation.replace(e, "SELECT"),
                "SELECT");
        for (SelectItem<?> item : items) {
            if (item.getExpression() instanceof AllColumns || item.getExpression() instanceof AllTableColumns) {
                throw new AnalysisException("SELECT " + item + " cannot be used with GROUP BY or aggregates: "
                        + "list the grouping columns and aggregates instead");
            }
        }
        List<OutputColumn> outputs = outputs(items, scope, expressions);
        return QueryTail.apply(select, grouped, expressions, outputs, scope, aliases);
    }

    /** A GROUP BY entry: an expression, a SELECT position ({@code GROUP BY 1}) or a SELECT alias. */
    private static Expression groupKey(Expression key, List<SelectItem<?>> items, Map<String, Expression> aliases,
                                       Scope scope) {
        if (key instanceof LongValue position) {
            int index = (int) position.getValue();
            if (index < 1 || index > items.size()) {
                throw new AnalysisException("GROUP BY position " + index + " is not in the SELECT list (1 to "
                        + items.size() + ")");
            }
            return items.get(index - 1).getExpression();
        }
        Expression aliased = aliasTarget(key, aliases, scope);
        return aliased != null ? aliased : key;
    }

    /** The SELECT item a bare name stands for, when it is an alias and not a column of the input. */
    static Expression aliasTarget(Expression e, Map<String, Expression> aliases, Scope scope) {
        if (!(e instanceof net.sf.jsqlparser.schema.Column ref) || ref.getTable() != null) return null;
        String name = SqlTrees.unquote(ref.getColumnName());
        Expression target = aliases.get(name.toLowerCase(Locale.ROOT));
        if (target == null || scope.find(null, name) != null) return null;
        return target;
    }

    static Map<String, Expression> aliases(List<SelectItem<?>> items) {
        Map<String, Expression> aliases = new HashMap<>();
        for (SelectItem<?> item : items) {
            if (item.getAlias() != null) {
                aliases.put(SqlTrees.unquote(item.getAlias().getName()).toLowerCase(Locale.ROOT), item.getExpression());
            }
        }
        return aliases;
    }

    /** The SELECT list, with {@code *} and {@code t.*} expanded to the columns they name. */
    private static List<OutputColumn> outputs(List<SelectItem<?>> items, Scope scope,
                                              ExpressionTranslator expressions) {
        List<OutputColumn> outputs = new ArrayList<>();
        for (SelectItem<?> item : items) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns table) {
                star(scope.entriesOf(SqlTrees.unquote(table.getTable().getName())), outputs);
            } else if (e instanceof AllColumns) {
                star(scope.entries(), outputs);
            } else {
                Scope.Entry column = e instanceof net.sf.jsqlparser.schema.Column ref
                        ? scope.find(qualifier(ref), SqlTrees.unquote(ref.getColumnName())) : null;
                String name = item.getAlias() != null ? SqlTrees.unquote(item.getAlias().getName())
                        : column != null ? column.name() : e.toString();
                boolean named = column != null && column.internalName().equals(name);
                outputs.add(new OutputColumn(name, expressions.translate(e), e, named));
            }
        }
        return outputs;
    }

    /** Star columns keep their own names unless two share one (a join's key, say): then their internal names. */
    private static void star(List<Scope.Entry> entries, List<OutputColumn> outputs) {
        Map<String, Integer> uses = new HashMap<>();
        entries.forEach(e -> uses.merge(e.name().toLowerCase(Locale.ROOT), 1, Integer::sum));
        for (Scope.Entry entry : entries) {
            boolean clash = uses.get(entry.name().toLowerCase(Locale.ROOT)) > 1;
            String name = clash ? entry.internalName() : entry.name();
            outputs.add(new OutputColumn(name, col(entry.internalName()), null, name.equals(entry.internalName())));
        }
    }

    static String qualifier(net.sf.jsqlparser.schema.Column ref) {
        return ref.getTable() == null || ref.getTable().getName() == null ? null
                : SqlTrees.unquote(ref.getTable().getName());
    }
}
