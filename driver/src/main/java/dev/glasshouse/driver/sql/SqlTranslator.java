package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;

import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperation;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.UnionOp;

/**
 * {@code session.sql(query)}: parses the query with JSqlParser and translates the syntax tree into DataFrame and
 * Column calls, so a SQL query and the equivalent DataFrame program make the same logical plan (and the same
 * analysis errors). Nothing runs until an action on the returned DataFrame.
 */
public final class SqlTranslator {
    private final FromTranslator from;
    private final SelectTranslator select;

    public SqlTranslator(Catalog catalog) {
        this.from = new FromTranslator(catalog, this);
        this.select = new SelectTranslator(from);
    }

    /** @throws SqlSyntaxException when the text does not parse; AnalysisException when it names unknown things */
    public DataFrame translate(String sql) {
        return translate(SqlParser.parse(sql));
    }

    /** Parses only: a syntax error is reported before anything else (a cluster start, say) costs time. */
    public static void checkSyntax(String sql) {
        SqlParser.parse(sql);
    }

    DataFrame translate(Select query) {
        if (query.getWithItemsList() != null && !query.getWithItemsList().isEmpty()) {
            throw new AnalysisException("WITH (common table expressions) is not supported: register each part with "
                    + "createOrReplaceTempView, or use a subquery in FROM");
        }
        if (query instanceof PlainSelect plain) {
            return select.translate(plain);
        } else if (query instanceof ParenthesedSelect parenthesed) {
            return translate(parenthesed.getSelect());
        } else if (query instanceof SetOperationList setOperations) {
            return union(setOperations);
        }
        throw new AnalysisException("unsupported query form: " + query);
    }

    /**
     * {@code a UNION ALL b} keeps duplicates, {@code a UNION b} removes them; columns match by position, and the
     * result has the first query's column names. A trailing ORDER BY and LIMIT apply to the whole union.
     */
    private DataFrame union(SetOperationList list) {
        DataFrame result = translate(list.getSelects().get(0));
        for (int i = 0; i < list.getOperations().size(); i++) {
            SetOperation operation = list.getOperations().get(i);
            if (!(operation instanceof UnionOp union)) {
                throw new AnalysisException(operation + " is not supported: only UNION and UNION ALL are");
            }
            result = result.union(translate(list.getSelects().get(i + 1)));
            if (!union.isAll()) result = result.distinct();
        }
        if (list.getOrderByElements() != null) {
            List<SelectTranslator.OutputColumn> outputs = result.columns().stream()
                    .map(c -> new SelectTranslator.OutputColumn(c, col(c), null, true)).toList();
            result = QueryTail.sort(result, list.getOrderByElements(), QueryTail.outputScope(outputs), outputs,
                    Map.of(), null);
        }
        return QueryTail.limit(result, list.getLimit(), list.getOffset());
    }
}
