package dev.glasshouse.cli.sql;

import dev.glasshouse.driver.Column;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GroupedData;
import java.util.Map;

/**
 * The DataFrames of the tables of {@link DifferentialTables}, as loaded once for the SQL views, so that the
 * DataFrame-API form of a query in {@link DifferentialQueries} reads exactly what its SQL form reads.
 */
record DifferentialViews(DataFrame sales, DataFrame customers, DataFrame nullable, DataFrame skewed,
        DataFrame events, DataFrame unicodeNames) {

    /** @param byName the loaded DataFrames by view name; every table of {@link DifferentialTables} must be there */
    static DifferentialViews of(Map<String, DataFrame> byName) {
        return new DifferentialViews(require(byName, "sales"), require(byName, "customers"),
                require(byName, "nullable"), require(byName, "skewed"), require(byName, "events"),
                require(byName, "unicode_names"));
    }

    private static DataFrame require(Map<String, DataFrame> byName, String name) {
        DataFrame frame = byName.get(name);
        if (frame == null) throw new IllegalArgumentException("no view named " + name + " among " + byName.keySet());
        return frame;
    }

    /**
     * The whole DataFrame as one group, for a global aggregate ({@code SELECT count(*) FROM t}): the API has no
     * {@code DataFrame.agg}, and a bare {@code groupBy()} would be ambiguous between its two varargs overloads.
     */
    static GroupedData whole(DataFrame frame) {
        return frame.groupBy(new Column[0]);
    }
}
