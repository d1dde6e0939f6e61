package dev.glasshouse.driver.sql;

import static dev.glasshouse.driver.functions.col;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/**
 * The FROM clause: a view, a file ({@code csv.`s3://raw/sales/`}) or a subquery, each with an optional alias, and
 * the joins that follow it.
 */
final class FromTranslator {
    private final Catalog catalog;
    private final SqlTranslator queries;

    FromTranslator(Catalog catalog, SqlTranslator queries) {
        this.catalog = catalog;
        this.queries = queries;
    }

    Relation translate(FromItem item, List<Join> joins) {
        if (item == null) {
            throw new AnalysisException("a query needs a FROM clause: name a view, or a file as csv.`s3://bucket/path/`");
        }
        Relation relation = relation(item);
        if (joins != null) {
            for (Join join : joins) relation = join(relation, join);
        }
        return relation;
    }

    /**
     * {@code left [INNER|LEFT|RIGHT|FULL [OUTER]|LEFT SEMI|LEFT ANTI] JOIN right ON condition}. Right columns whose
     * names the left side already uses are renamed first ({@code name_alias}), so the condition and the rest of the
     * query can tell them apart by qualifier; semi and anti joins output the left columns only.
     */
    private Relation join(Relation left, Join join) {
        String type = joinType(join);
        if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
            throw new AnalysisException("JOIN ... USING is not supported: write the condition with ON, e.g. "
                    + "ON a.id = b.id");
        }
        if (join.getOnExpressions() == null || join.getOnExpressions().isEmpty()) {
            throw new AnalysisException("a join needs ON with an equality between the two sides, e.g. ON a.id = b.id"
                    + " (cross joins are not supported): " + join);
        }
        Relation right = withoutClashes(relation(join.getFromItem()), left.scope());
        Scope both = left.scope().plus(right.scope());
        Column condition = null;
        for (Expression on : join.getOnExpressions()) {
            Column part = ExpressionTranslator.plain(both, "JOIN ... ON").translate(on);
            condition = condition == null ? part : condition.and(part);
        }
        DataFrame joined = left.frame().join(right.frame(), condition, type);
        boolean leftOnly = type.equals("left_semi") || type.equals("left_anti");
        return new Relation(joined, leftOnly ? left.scope() : both);
    }

    private static String joinType(Join join) {
        if (join.isStraight()) return "left_anti"; // SqlParser's stand-in for LEFT ANTI JOIN
        if (join.isSemi()) return "left_semi";
        if (join.isCross() || join.isSimple() || join.isNatural() || join.isApply()) {
            throw new AnalysisException("unsupported join " + join + ": use [INNER|LEFT|RIGHT|FULL] JOIN, "
                    + "LEFT SEMI JOIN or LEFT ANTI JOIN with ON");
        }
        if (join.isFull()) return "full";
        if (join.isRight()) return "right";
        if (join.isLeft()) return "left";
        return "inner";
    }

    /** Renames the right side's columns whose internal names the left side has, keeping their SQL names. */
    private static Relation withoutClashes(Relation right, Scope left) {
        Set<String> taken = new HashSet<>();
        left.entries().forEach(e -> taken.add(e.internalName().toLowerCase(Locale.ROOT)));
        right.scope().entries().forEach(e -> taken.add(e.internalName().toLowerCase(Locale.ROOT)));
        List<Column> projection = new ArrayList<>();
        List<Scope.Entry> entries = new ArrayList<>();
        boolean renamed = false;
        for (Scope.Entry entry : right.scope().entries()) {
            String internal = entry.internalName();
            boolean clash = left.entries().stream().anyMatch(e -> e.internalName().equalsIgnoreCase(internal));
            if (clash) {
                String base = internal + "_" + (entry.qualifier() == null ? "right" : entry.qualifier());
                String fresh = base;
                for (int n = 2; taken.contains(fresh.toLowerCase(Locale.ROOT)); n++) fresh = base + n;
                taken.add(fresh.toLowerCase(Locale.ROOT));
                projection.add(col(internal).as(fresh));
                entries.add(new Scope.Entry(entry.qualifier(), entry.name(), fresh));
                renamed = true;
            } else {
                projection.add(col(internal));
                entries.add(entry);
            }
        }
        if (!renamed) return right;
        return new Relation(right.frame().select(projection.toArray(Column[]::new)), new Scope(entries));
    }

    private Relation relation(FromItem item) {
        String alias = item.getAlias() == null ? null : SqlTrees.unquote(item.getAlias().getName());
        if (item instanceof Table table) {
            String name = SqlTrees.unquote(table.getName());
            String schema = table.getSchemaName() == null ? null : SqlTrees.unquote(table.getSchemaName());
            if (schema != null && Catalog.FILE_FORMATS.contains(schema.toLowerCase(Locale.ROOT))) {
                DataFrame file = catalog.file(schema.toLowerCase(Locale.ROOT), name);
                return new Relation(file, Scope.of(alias, file.columns()));
            }
            if (schema != null) {
                throw new AnalysisException("unknown data source '" + schema + "' in " + table
                        + ": name a view, or files as csv.`s3://bucket/path/`, json.`...` or parquet.`...`");
            }
            DataFrame view = catalog.view(name);
            return new Relation(view, Scope.of(alias != null ? alias : name, view.columns()));
        } else if (item instanceof ParenthesedSelect subquery) {
            DataFrame frame = queries.translate(subquery.getSelect());
            return new Relation(frame, Scope.of(alias, frame.columns()));
        }
        throw new AnalysisException("unsupported FROM item: " + item + " (" + item.getClass().getSimpleName() + ")");
    }
}
