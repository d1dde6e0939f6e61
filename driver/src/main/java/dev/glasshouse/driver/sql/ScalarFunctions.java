package dev.glasshouse.driver.sql;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.analysis.AnalysisException;
import dev.glasshouse.driver.functions;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;

/**
 * SQL scalar functions mapped onto {@link functions}: upper, lower, length, substring (substr), concat,
 * coalesce, year, month, to_date, date_trunc ({@code trim} has a node of its own, see ExpressionTranslator). Arguments that the DataFrame API takes as plain values (substring's
 * position and length, date_trunc's unit, to_date's pattern) must be literals.
 */
final class ScalarFunctions {
    private ScalarFunctions() {
    }

    static Column translate(Function f, ExpressionTranslator expressions) {
        String name = ExpressionTranslator.lowerName(f);
        List<Expression> parameters = f.getParameters() == null ? List.of() : new ArrayList<>(f.getParameters());
        return switch (name) {
            case "upper", "ucase" -> functions.upper(one(f, parameters, expressions));
            case "lower", "lcase" -> functions.lower(one(f, parameters, expressions));
            case "length", "char_length", "character_length" -> functions.length(one(f, parameters, expressions));
            case "year" -> functions.year(one(f, parameters, expressions));
            case "month" -> functions.month(one(f, parameters, expressions));
            case "coalesce" -> functions.coalesce(all(f, parameters, expressions, 1));
            case "concat" -> functions.concat(all(f, parameters, expressions, 1));
            case "substring", "substr" -> substring(f, parameters, expressions);
            case "to_date" -> parameters.size() == 2
                    ? functions.to_date(expressions.translate(parameters.get(0)), string(f, parameters.get(1)))
                    : functions.to_date(one(f, parameters, expressions));
            case "date_trunc" -> {
                arity(f, parameters, 2);
                yield functions.date_trunc(string(f, parameters.get(0)), expressions.translate(parameters.get(1)));
            }
            default -> throw new AnalysisException("unknown SQL function '" + name + "' in " + f + ". Known: upper, "
                    + "lower, trim, length, substring, concat, coalesce, year, month, to_date, date_trunc, and the "
                    + "aggregates count, sum, avg, min, max");
        };
    }

    private static Column substring(Function f, List<Expression> parameters, ExpressionTranslator expressions) {
        if (parameters.size() != 2 && parameters.size() != 3) {
            throw new AnalysisException(f + " takes 2 or 3 arguments: substring(text, position[, length])");
        }
        int length = parameters.size() == 3 ? integer(f, parameters.get(2)) : Integer.MAX_VALUE;
        return functions.substring(expressions.translate(parameters.get(0)), integer(f, parameters.get(1)), length);
    }

    private static Column one(Function f, List<Expression> parameters, ExpressionTranslator expressions) {
        arity(f, parameters, 1);
        return expressions.translate(parameters.get(0));
    }

    private static Column[] all(Function f, List<Expression> parameters, ExpressionTranslator expressions, int min) {
        if (parameters.size() < min) throw new AnalysisException(f + " needs at least " + min + " argument(s)");
        return parameters.stream().map(expressions::translate).toArray(Column[]::new);
    }

    private static void arity(Function f, List<Expression> parameters, int count) {
        if (parameters.size() != count) {
            throw new AnalysisException(f + " takes " + count + " argument(s), got " + parameters.size());
        }
    }

    private static int integer(Function f, Expression e) {
        if (e instanceof LongValue v) return Math.toIntExact(v.getValue());
        if (e instanceof SignedExpression s && s.getSign() == '-' && s.getExpression() instanceof LongValue v) {
            return Math.toIntExact(-v.getValue());
        }
        throw new AnalysisException("in " + f + ", " + e + " must be a whole-number literal");
    }

    private static String string(Function f, Expression e) {
        if (e instanceof StringValue v) return v.getValue();
        throw new AnalysisException("in " + f + ", " + e + " must be a string literal, e.g. 'month'");
    }
}
