package dev.glasshouse.driver.sql;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * The end of a SELECT block: the projection of the SELECT list, then DISTINCT, ORDER BY and LIMIT.
 *
 * <p>Without DISTINCT, ORDER BY sorts before the projection, so it can name input columns the SELECT list drops
 * (as SQL allows); the projection keeps the order because it is narrow. With DISTINCT it sorts after, by output
 * columns only. Either way a SELECT alias or position ({@code ORDER BY 2}) names that SELECT item.
 */
final class QueryTail {
    private QueryTail() {
    }

    /**
     * @param frame       the rows before projection (the input, or the aggregation's output)
     * @param expressions translates expressions over {@code frame}
     * @param outputs     the SELECT list
     */
    static DataFrame apply(PlainSelect select, DataFrame frame, ExpressionTranslator expressions,
                           List<SelectTranslator.OutputColumn> outputs, Scope inputScope,
                           Map<String, Expression> aliases) {
        Column[] projection = outputs.stream().map(SelectTranslator.OutputColumn::projected).toArray(Column[]::new);
        List<OrderByElement> order = select.getOrderByElements();
        DataFrame result;
        if (select.getDistinct() != null) {
            if (select.getDistinct().getOnSelectItems() != null) {
                throw new AnalysisException("DISTINCT ON is not Spark SQL: use SELECT DISTINCT or GROUP BY");
            }
            result = frame.select(projection).distinct();
            if (order != null) result = sort(result, order, outputScope(outputs), outputs, aliases, null);
        } else {
            if (order != null) frame = sort(frame, order, inputScope, outputs, aliases, expressions);
            result = frame.select(projection);
        }
        return limit(result, select.getLimit(), select.getOffset());
    }

    static DataFrame limit(DataFrame frame, Limit limit, net.sf.jsqlparser.statement.select.Offset offset) {
        if (offset != null) throw new AnalysisException("OFFSET is not supported: use LIMIT alone");
        if (limit == null) return frame;
        if (!(limit.getRowCount() instanceof LongValue count)) {
            throw new AnalysisException("LIMIT needs a whole number, got " + limit.getRowCount());
        }
        return frame.limit((int) count.getValue());
    }

    /** The query's own output columns, by the names the user sees: what ORDER BY after DISTINCT or UNION reads. */
    static Scope outputScope(List<SelectTranslator.OutputColumn> outputs) {
        return Scope.of(null, outputs.stream().map(SelectTranslator.OutputColumn::name).toList());
    }

    /**
     * @param expressions translates over {@code frame} before projection; null when {@code frame} is the output
     */
    static DataFrame sort(DataFrame frame, List<OrderByElement> order, Scope scope,
                          List<SelectTranslator.OutputColumn> outputs, Map<String, Expression> aliases,
                          ExpressionTranslator expressions) {
        List<Column> keys = new ArrayList<>();
        for (OrderByElement element : order) {
            keys.add(direction(sortValue(element.getExpression(), scope, outputs, aliases, expressions), element));
        }
        return frame.orderBy(keys.toArray(Column[]::new));
    }

    private static Column sortValue(Expression e, Scope scope, List<SelectTranslator.OutputColumn> outputs,
                                    Map<String, Expression> aliases, ExpressionTranslator expressions) {
        if (e instanceof LongValue position) {
            int index = (int) position.getValue();
            if (index < 1 || index > outputs.size()) {
                throw new AnalysisException("ORDER BY position " + index + " is not in the SELECT list (1 to "
                        + outputs.size() + ")");
            }
            SelectTranslator.OutputColumn output = outputs.get(index - 1);
            return expressions == null ? dev.glasshouse.driver.functions.col(output.name()) : output.column();
        }
        if (expressions == null) return ExpressionTranslator.plain(scope, "ORDER BY").translate(e);
        // A SELECT alias wins over an input column of the same name, as in Spark.
        if (e instanceof net.sf.jsqlparser.schema.Column ref && ref.getTable() == null
                && aliases.containsKey(SqlTrees.unquote(ref.getColumnName()).toLowerCase(Locale.ROOT))) {
            String alias = SqlTrees.unquote(ref.getColumnName());
            for (SelectTranslator.OutputColumn output : outputs) {
                if (output.name().equalsIgnoreCase(alias)) return output.column();
            }
        }
        return expressions.translate(e);
    }

    /** Spark's defaults: ascending puts nulls first, descending puts them last. */
    private static Column direction(Column value, OrderByElement element) {
        OrderByElement.NullOrdering nulls = element.getNullOrdering();
        if (element.isAsc()) {
            return nulls == OrderByElement.NullOrdering.NULLS_LAST ? value.asc_nulls_last() : value.asc();
        }
        return nulls == OrderByElement.NullOrdering.NULLS_FIRST ? value.desc_nulls_first() : value.desc();
    }
}
