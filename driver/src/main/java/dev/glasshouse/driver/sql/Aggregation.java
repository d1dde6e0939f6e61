package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.functions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/**
 * The GROUP BY part of a query: one {@code groupBy(keys).agg(calls)} whose output the rest of the query (SELECT,
 * HAVING, ORDER BY) reads through {@link #replace}.
 *
 * <p>Output column names: a key that is a plain column keeps its name; any other key is {@code _groupN} and each
 * distinct aggregate call (by its SQL text) is {@code _aggN}. The final projection gives them the names the user
 * sees, so these names show only in plans.
 */
final class Aggregation {
    private final Scope input;
    private final List<Column> keyColumns = new ArrayList<>();
    /** Key output name by the key's SQL text, and by the internal column name for keys that are plain columns. */
    private final Map<String, String> keysByText = new LinkedHashMap<>();
    private final Map<String, String> keysByColumn = new LinkedHashMap<>();
    private final Map<String, String> aggregatesByText = new LinkedHashMap<>();
    private final List<Column> aggregateColumns = new ArrayList<>();

    Aggregation(Scope input, List<Expression> keys, List<Function> calls) {
        this.input = input;
        ExpressionTranslator inputExpressions = ExpressionTranslator.plain(input, "GROUP BY");
        for (Expression key : keys) {
            if (!SqlTrees.aggregatesIn(key).isEmpty()) {
                throw new AnalysisException("aggregate functions are not allowed in GROUP BY: " + key);
            }
            if (keysByText.containsKey(key.toString())) continue;
            if (key instanceof net.sf.jsqlparser.schema.Column ref) {
                String internal = resolve(ref).internalName();
                keysByColumn.put(internal, internal);
                keysByText.put(key.toString(), internal);
                keyColumns.add(col(internal));
            } else {
                String name = "_group" + keyColumns.size();
                keysByText.put(key.toString(), name);
                keyColumns.add(inputExpressions.translate(key).as(name));
            }
        }
        ExpressionTranslator arguments = ExpressionTranslator.plain(input, "an aggregate's argument");
        for (Function call : calls) {
            if (aggregatesByText.containsKey(call.toString())) continue;
            String name = "_agg" + aggregateColumns.size();
            aggregatesByText.put(call.toString(), name);
            aggregateColumns.add(aggregateCall(call, arguments).as(name));
        }
    }

    DataFrame apply(DataFrame frame) {
        // SQL allows GROUP BY without aggregates (SELECT country FROM t GROUP BY country); agg needs one call.
        List<Column> calls = aggregateColumns.isEmpty() ? List.of(functions.count("*").as("_rows")) : aggregateColumns;
        return frame.groupBy(keyColumns.toArray(Column[]::new))
                .agg(calls.get(0), calls.subList(1, calls.size()).toArray(Column[]::new));
    }

    /**
     * The aggregation's output column standing for {@code e}, or null when {@code e} is neither a key nor an
     * aggregate call (its parts are then translated one by one). A column that is neither is an error.
     */
    Column replace(Expression e, String clause) {
        String text = e.toString();
        if (aggregatesByText.containsKey(text)) return col(aggregatesByText.get(text));
        if (keysByText.containsKey(text)) return col(keysByText.get(text));
        if (e instanceof net.sf.jsqlparser.schema.Column ref) {
            String internal = resolve(ref).internalName();
            if (keysByColumn.containsKey(internal)) return col(internal);
            throw new AnalysisException("column '" + ref + "' in " + clause + " is neither in GROUP BY nor inside an "
                    + "aggregate function: add it to GROUP BY, or aggregate it, e.g. max(" + ref + ")");
        }
        return null;
    }

    private Scope.Entry resolve(net.sf.jsqlparser.schema.Column ref) {
        return input.resolve(SelectTranslator.qualifier(ref), SqlTrees.unquote(ref.getColumnName()));
    }

    private static Column aggregateCall(Function call, ExpressionTranslator arguments) {
        String name = ExpressionTranslator.lowerName(call);
        List<Expression> parameters = call.getParameters() == null ? List.of() : new ArrayList<>(call.getParameters());
        boolean star = call.isAllColumns() || (parameters.size() == 1
                && parameters.get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns);
        if (name.equals("count") && (star || parameters.isEmpty())) return functions.count("*");
        if (parameters.size() != 1) {
            throw new AnalysisException(call + " takes exactly one argument, got " + parameters.size());
        }
        for (Function nested : SqlTrees.aggregatesIn(parameters.get(0))) {
            throw new AnalysisException("aggregate " + nested + " inside aggregate " + call + " is not allowed");
        }
        Column argument = arguments.translate(parameters.get(0));
        if (call.isDistinct()) {
            if (!name.equals("count")) {
                throw new AnalysisException("DISTINCT inside " + call + " is not supported: only count(DISTINCT x)");
            }
            return functions.countDistinct(argument);
        }
        return switch (name) {
            case "count" -> functions.count(argument);
            case "sum" -> functions.sum(argument);
            case "avg" -> functions.avg(argument);
            case "min" -> functions.min(argument);
            case "max" -> functions.max(argument);
            default -> throw new IllegalStateException("not an aggregate: " + call);
        };
    }
}
