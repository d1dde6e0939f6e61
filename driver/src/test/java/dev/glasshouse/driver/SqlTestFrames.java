package dev.glasshouse.driver;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.plan.FileRelation;
import dev.glasshouse.core.types.Schema;

/** DataFrames without a session, for tests that only build and print plans (no action can run on them). */
public final class SqlTestFrames {
    private SqlTestFrames() {
    }

    public static DataFrame csv(String path, String ddl) {
        return new DataFrame(null, FileRelation.csv(path, CsvOptions.defaults(), Schema.parseDdl(ddl)));
    }

    /** The plan as the user built it, before analysis: what the SQL translation produced. */
    public static String parsedPlan(DataFrame frame) {
        return frame.parsedPlan().treeString();
    }
}
