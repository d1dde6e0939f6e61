package dev.glasshouse.driver.sql;

import dev.glasshouse.driver.DataFrame;

/** A DataFrame together with the SQL names of its columns: what a FROM clause, or a step after it, produces. */
record Relation(DataFrame frame, Scope scope) {
}
