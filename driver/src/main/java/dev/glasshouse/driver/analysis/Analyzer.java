package dev.glasshouse.driver.analysis;

import dev.glasshouse.core.expr.AggregateCall;
import dev.glasshouse.core.expr.AggregateFunction;
import dev.glasshouse.core.expr.Alias;
import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.Arithmetic;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.ColumnRef;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.IsNull;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.expr.Not;
import dev.glasshouse.core.expr.Or;
import dev.glasshouse.core.plan.Aggregate;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.plan.Filter;
import dev.glasshouse.core.plan.Coalesce;
import dev.glasshouse.core.plan.Join;
import dev.glasshouse.core.plan.Limit;
import dev.glasshouse.core.plan.MapPartitions;
import dev.glasshouse.core.plan.LogicalPlan;
import dev.glasshouse.core.plan.Project;
import dev.glasshouse.core.plan.Repartition;
import dev.glasshouse.core.plan.Sample;
import dev.glasshouse.core.plan.Sort;
import dev.glasshouse.core.plan.SubqueryAlias;
import dev.glasshouse.core.plan.SortKey;
import dev.glasshouse.core.plan.Union;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Schema;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a parsed plan (columns named by the user) into an analyzed one: every column bound to a position of its
 * input, every expression type-checked. This is where "no such column" is caught, on the driver, before any task.
 */
public final class Analyzer {

    public LogicalPlan analyze(LogicalPlan plan) {
        if (plan instanceof FileRelation relation) {
            // Pushed filters are bound to every column of the files, so pruning the output never unbinds them.
            InputColumns all = InputColumns.unqualified(relation.fullSchema());
            return relation.withPushedFilters(relation.pushedFilters().stream().map(f -> resolve(f, all)).toList());
        } else if (plan instanceof dev.glasshouse.core.plan.Range range) {
            return range;
        } else if (plan instanceof Filter filter) {
            LogicalPlan child = analyze(filter.child());
            Expression condition = resolve(filter.condition(), InputColumns.of(child));
            if (condition.dataType() != DataType.BOOLEAN) {
                throw new AnalysisException("filter condition " + condition + " is a " + condition.dataType().sqlName()
                        + ", not a boolean: compare it with something, e.g. col(\"amount\").gt(50)");
            }
            return new Filter(condition, child);
        } else if (plan instanceof Project project) {
            LogicalPlan child = analyze(project.child());
            InputColumns input = InputColumns.of(child);
            List<Expression> expressions = project.expressions().stream()
                    .map(e -> unqualifiedName(resolve(e, input), input)).toList();
            checkUniqueNames(expressions.stream().map(Expression::outputName).toList());
            return new Project(expressions, child);
        } else if (plan instanceof Aggregate aggregate) {
            LogicalPlan child = analyze(aggregate.child());
            InputColumns input = InputColumns.of(child);
            List<Expression> groupings = aggregate.groupings().stream()
                    .map(e -> unqualifiedName(resolve(e, input), input)).toList();
            List<AggregateCall> calls = aggregate.aggregates().stream().map(a -> resolve(a, input)).toList();
            Aggregate analyzed = new Aggregate(groupings, calls, child);
            checkUniqueNames(analyzed.schema().names());
            return analyzed;
        } else if (plan instanceof Limit limit) {
            return new Limit(limit.count(), analyze(limit.child()));
        } else if (plan instanceof Join join) {
            return JoinAnalyzer.analyze(join, analyze(join.left()), analyze(join.right()), this);
        } else if (plan instanceof Union union) {
            return analyzeUnion(analyze(union.left()), analyze(union.right()));
        } else if (plan instanceof Sort sort) {
            LogicalPlan child = analyze(sort.child());
            return new Sort(sort.keys().stream().map(k -> new SortKey(resolve(k.expression(), InputColumns.of(child)),
                    k.ascending(), k.nullsFirst())).toList(), child);
        } else if (plan instanceof Repartition repartition) {
            LogicalPlan child = analyze(repartition.child());
            return new Repartition(repartition.partitions(), resolveAll(repartition.keys(), InputColumns.of(child)), child);
        } else if (plan instanceof Coalesce coalesce) {
            return new Coalesce(coalesce.partitions(), analyze(coalesce.child()));
        } else if (plan instanceof MapPartitions user) {
            return user.withChildren(List.of(analyze(user.child())));
        } else if (plan instanceof Sample sample) {
            return new Sample(sample.fraction(), sample.seed(), analyze(sample.child()));
        } else if (plan instanceof SubqueryAlias alias) {
            return new SubqueryAlias(alias.alias(), analyze(alias.child()));
        } else if (plan instanceof dev.glasshouse.core.plan.CachedRelation cached) {
            return cached; // analyzed when it was substituted for its plan
        } else {
            throw new IllegalStateException("unexpected " + plan);
        }
    }

    /** Union matches columns by position: same count, same types; the names come from the left. */
    private static Union analyzeUnion(LogicalPlan left, LogicalPlan right) {
        Schema l = left.schema();
        Schema r = right.schema();
        boolean compatible = l.size() == r.size();
        for (int i = 0; compatible && i < l.size(); i++) compatible = l.field(i).type().equals(r.field(i).type());
        if (!compatible) {
            throw new AnalysisException("union needs the same number of columns with the same types, by position;"
                    + " left is " + l + ", right is " + r + ": select and cast the right side's columns to match");
        }
        return new Union(left, right);
    }

    private AggregateCall resolve(AggregateCall call, InputColumns input) {
        if (call.argument() == null) return call;
        AggregateCall resolved = call.withArgument(resolve(call.argument(), input));
        DataType type = resolved.argument().dataType();
        boolean numericOnly = call.function() == AggregateFunction.SUM || call.function() == AggregateFunction.AVG;
        if (numericOnly && !type.isNumeric()) {
            throw new AnalysisException(call.function().sqlName() + "(" + resolved.argument().outputName()
                    + ") needs a numeric column, but it is a " + type.sqlName());
        }
        return resolved;
    }

    /** Binds every column of the expression to the input schema and checks operand types. */
    public Expression resolve(Expression expression, Schema input) {
        return resolve(expression, InputColumns.unqualified(input));
    }

    /**
     * A column written qualified, {@code col("s.country")}, is output as {@code country}, as in Spark; inside, it
     * keeps the qualified name so a re-analysis (after each optimizer rule) finds the same column again.
     */
    private static Expression unqualifiedName(Expression resolved, InputColumns input) {
        if (resolved instanceof BoundColumn bound && input.schema().indexOf(bound.name()) < 0) {
            return new Alias(bound, input.schema().field(bound.index()).name());
        }
        return resolved;
    }

    Expression resolve(Expression expression, InputColumns input) {
        if (expression instanceof ColumnRef ref) {
            return bind(ref.name(), input);
        } else if (expression instanceof BoundColumn bound) {
            return bind(bound.name(), input);
        } else if (expression instanceof Literal literal) {
            return literal;
        } else if (expression instanceof Arithmetic a) {
            Arithmetic r = (Arithmetic) a.withChildren(resolveAll(a.children(), input));
            requireNumeric(r.left(), r);
            requireNumeric(r.right(), r);
            return r;
        } else if (expression instanceof Comparison c) {
            return ScalarFunctionChecks.comparison((Comparison) c.withChildren(resolveAll(c.children(), input)));
        } else if (expression instanceof And and) {
            return requireBooleans((And) and.withChildren(resolveAll(and.children(), input)));
        } else if (expression instanceof Or or) {
            return requireBooleans((Or) or.withChildren(resolveAll(or.children(), input)));
        } else if (expression instanceof Not not) {
            return requireBooleans((Not) not.withChildren(resolveAll(not.children(), input)));
        } else if (expression instanceof IsNull isNull) {
            return isNull.withChildren(resolveAll(isNull.children(), input));
        } else if (expression instanceof Alias alias) {
            return alias.withChildren(resolveAll(alias.children(), input));
        } else if (ScalarFunctionChecks.covers(expression)) {
            return ScalarFunctionChecks.check(expression.withChildren(resolveAll(expression.children(), input)));
        } else {
            throw new IllegalStateException("unexpected " + expression);
        }
    }

    private List<Expression> resolveAll(List<Expression> expressions, InputColumns input) {
        return expressions.stream().map(e -> resolve(e, input)).toList();
    }

    private static BoundColumn bind(String name, InputColumns columns) {
        Schema input = columns.schema();
        int index = input.indexOf(name);
        int dot = name.indexOf('.');
        if (index < 0 && dot > 0) {
            List<Integer> qualified = columns.qualified(name.substring(0, dot), name.substring(dot + 1));
            if (qualified.size() == 1) return new BoundColumn(qualified.get(0), name, input.field(qualified.get(0)).type());
        }
        if (index < 0) {
            throw new AnalysisException("column '" + name + "' does not exist. "
                    + ColumnSuggestions.didYouMean(name, columns.writableNames()) + "Available columns: "
                    + String.join(", ", input.names()));
        }
        if (input.names().lastIndexOf(name) != index) {
            List<String> qualified = columns.qualifiedNames(name);
            String useQualified = qualified.size() > 1
                    ? "write which one you mean: col(\"" + String.join("\") or col(\"", qualified) + "\")"
                    : "name the sides, e.g. left.as(\"l\") and right.as(\"r\"), and write col(\"l." + name
                    + "\") or col(\"r." + name + "\")";
            throw new AnalysisException("column '" + name + "' is ambiguous: both sides of the join have it. "
                    + useQualified + "; or rename it on one side before joining, e.g. withColumnRenamed(\"" + name
                    + "\", \"right_" + name + "\"), or join with usingColumns");
        }
        return new BoundColumn(index, name, input.field(index).type());
    }

    private static <E extends Expression> E requireBooleans(E expression) {
        for (Expression child : expression.children()) {
            if (child.dataType() != DataType.BOOLEAN && !isNullLiteral(child)) {
                throw new AnalysisException(describe(child) + " in " + expression + " must be a boolean");
            }
        }
        return expression;
    }

    private static void requireNumeric(Expression operand, Expression in) {
        if (!operand.dataType().isNumeric()) {
            throw new AnalysisException("arithmetic needs numbers, but " + describe(operand) + " in " + in + " is a "
                    + operand.dataType().sqlName());
        }
    }

    private static boolean isNullLiteral(Expression e) {
        return e instanceof Literal l && l.value() == null;
    }

    private static String describe(Expression e) {
        if (e instanceof BoundColumn b) {
            return b.type().sqlName() + " column '" + b.name() + "'";
        } else if (e instanceof Literal l) {
            return l.type().sqlName() + " " + l;
        } else {
            return e.dataType().sqlName() + " " + e;
        }
    }

    private static void checkUniqueNames(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new AnalysisException("column name '" + name + "' appears twice in " + names
                        + ": give one of them another name with .as(...)");
            }
        }
    }
}
