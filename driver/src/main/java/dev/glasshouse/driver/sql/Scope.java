package dev.glasshouse.driver.sql;

import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The columns a SQL expression can name at one point of a query, each with the table alias that qualifies it
 * ({@code s.amount}) and the name it has in the DataFrame underneath. Names match case-insensitively, as in Spark.
 *
 * <p>Invariant: internal names are unique within a scope, so a resolved column is one DataFrame column. Joins keep
 * this by renaming clashing columns of one side (see {@link FromTranslator}); users never see internal names unless
 * they select {@code *} over two tables that share a column name.
 */
final class Scope {
    /** @param qualifier the table alias or name; null for columns that no table qualifies (a query's output) */
    record Entry(String qualifier, String name, String internalName) {
        String describe() {
            return qualifier == null ? name : qualifier + "." + name;
        }
    }

    private final List<Entry> entries;

    Scope(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    static Scope of(String qualifier, List<String> columns) {
        return new Scope(columns.stream().map(c -> new Entry(qualifier, c, c)).toList());
    }

    List<Entry> entries() {
        return entries;
    }

    Scope plus(Scope other) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(other.entries);
        return new Scope(all);
    }

    boolean hasQualifier(String qualifier) {
        return entries.stream().anyMatch(e -> e.qualifier() != null && e.qualifier().equalsIgnoreCase(qualifier));
    }

    List<Entry> entriesOf(String qualifier) {
        List<Entry> of = entries.stream()
                .filter(e -> e.qualifier() != null && e.qualifier().equalsIgnoreCase(qualifier)).toList();
        if (of.isEmpty()) {
            throw new AnalysisException("'" + qualifier + ".*' names no table of this query; the tables are "
                    + qualifiers());
        }
        return of;
    }

    /** Finds {@code name} or {@code qualifier.name}, or fails naming the columns there are. */
    Entry resolve(String qualifier, String name) {
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            boolean qualifierMatches = qualifier == null
                    || (e.qualifier() != null && e.qualifier().equalsIgnoreCase(qualifier));
            if (qualifierMatches && e.name().equalsIgnoreCase(name)) matches.add(e);
        }
        String written = qualifier == null ? name : qualifier + "." + name;
        if (matches.isEmpty()) {
            throw new AnalysisException("column '" + written + "' does not exist. Available columns: "
                    + String.join(", ", entries.stream().map(Entry::describe).toList()));
        }
        if (matches.size() > 1) {
            throw new AnalysisException("column reference '" + written + "' is ambiguous: it could be "
                    + String.join(" or ", matches.stream().map(Entry::describe).toList())
                    + ". Qualify it with its table alias");
        }
        return matches.get(0);
    }

    /** Like {@link #resolve} but null when nothing matches (ambiguity still fails). */
    Entry find(String qualifier, String name) {
        boolean any = entries.stream().anyMatch(e -> e.name().equalsIgnoreCase(name)
                && (qualifier == null || (e.qualifier() != null && e.qualifier().equalsIgnoreCase(qualifier))));
        return any ? resolve(qualifier, name) : null;
    }

    private List<String> qualifiers() {
        return entries.stream().map(Entry::qualifier).filter(Objects::nonNull)
                .map(q -> q.toLowerCase(Locale.ROOT)).distinct().toList();
    }
}
