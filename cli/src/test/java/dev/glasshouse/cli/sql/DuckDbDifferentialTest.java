package dev.glasshouse.cli.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test: every query of {@link DifferentialQueries} runs through Glasshouse's {@code session.sql} on
 * one real local cluster (two executor JVMs) and through DuckDB (in memory, in this JVM) over the same CSV bytes,
 * and the results must match: as multisets, or in order when the query has ORDER BY. DuckDB's column types are
 * taken from the schema Glasshouse inferred, so both engines see the same typed values.
 *
 * <p>A query with a DataFrame-API form runs that form too, over the very DataFrames the views were made from, and
 * it must match DuckDB in the same way. A joining query's DataFrame form runs twice: with the default broadcast
 * threshold (every table here is small, so a side that may be broadcast is) and with broadcasts switched off, so
 * each join type is checked as a broadcast and as a shuffled hash join.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbDifferentialTest {
    private static final String BROADCAST_THRESHOLD = "glasshouse.driver.auto-broadcast-join-threshold";

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private Connection duckdb;
    private DifferentialViews views;
    /** The configured threshold, restored after each case that switched broadcasts off. */
    private String defaultBroadcastThreshold;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-duckdb-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        defaultBroadcastThreshold = config.getString(BROADCAST_THRESHOLD);
        Path localCopies = Files.createDirectories(dataDir.resolve("duckdb-input"));
        DifferentialTables tables;
        try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(config))) {
            tables = new DifferentialTables(store, localCopies);
            tables.createAll();
        }
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.shuffle-partitions", 2)
                .out(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).getOrCreate();
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
        Map<String, DataFrame> loaded = new HashMap<>();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            for (DifferentialTables.Table table : tables.tables) {
                DataFrame view = session.read().option("header", true).option("inferSchema", true)
                        .csv(table.s3Prefix());
                view.createOrReplaceTempView(table.name());
                loaded.put(table.name(), view);
                statement.execute("CREATE TABLE " + table.name() + " AS SELECT * FROM " + readCsv(table, view.schema()));
            }
        }
        views = DifferentialViews.of(loaded);
    }

    /** DuckDB's read_csv over the local copies, typed as Glasshouse inferred; empty fields are NULL as in Spark. */
    private static String readCsv(DifferentialTables.Table table, Schema schema) {
        String files = table.localFiles().stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]"));
        String columns = schema.fields().stream()
                .map(f -> "'" + f.name() + "': '" + duckDbType(f) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        return "read_csv(" + files + ", header = true, auto_detect = false, nullstr = '', quote = '\"', "
                + "escape = '\\', columns = " + columns + ")";
    }

    private static String duckDbType(Field field) {
        String type = field.type().sqlName().toLowerCase(Locale.ROOT);
        if (type.startsWith("decimal")) return type.toUpperCase(Locale.ROOT);
        return switch (type) {
            case "int" -> "INTEGER";
            case "long" -> "BIGINT";
            case "double" -> "DOUBLE";
            case "boolean" -> "BOOLEAN";
            case "date" -> "DATE";
            case "timestamp" -> "TIMESTAMPTZ";
            default -> "VARCHAR";
        };
    }

    @AfterAll
    void stop() throws Exception {
        if (duckdb != null) duckdb.close();
        if (session != null) session.close();
        if (cluster != null) cluster.close();
        if (dataDir != null) FileTrees.deleteRecursively(dataDir);
    }

    /** How a query is run on Glasshouse; {@code number} is the query's 1-based place in the list. */
    enum Form {
        SQL("sql"), DATAFRAME("dataframe"), DATAFRAME_SHUFFLED("dataframe, shuffled joins");

        private final String label;

        Form(String label) {
            this.label = label;
        }
    }

    /** One parameterized case, named "[dataframe] q17: SELECT ..." so a failure says which form of which query. */
    record Case(Form form, int number, DifferentialQueries.Query query) {
        @Override
        public String toString() {
            return "[" + form.label + "] q" + number + ": " + query.sql();
        }
    }

    List<Case> cases() {
        List<DifferentialQueries.Query> queries = DifferentialQueries.all();
        List<Case> cases = new ArrayList<>();
        for (Form form : Form.values()) {
            for (int q = 0; q < queries.size(); q++) {
                DifferentialQueries.Query query = queries.get(q);
                boolean runs = switch (form) {
                    case SQL -> true;
                    case DATAFRAME -> query.dataFrame() != null;
                    case DATAFRAME_SHUFFLED -> query.dataFrame() != null && query.joins();
                };
                if (runs) cases.add(new Case(form, q + 1, query));
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void glasshouseAgreesWithDuckDb(Case testCase) throws Exception {
        DifferentialQueries.Query query = testCase.query();
        List<List<Object>> expected = ResultComparator.normalize(duckDb(query.duckDbSql()));
        List<List<Object>> actual = ResultComparator.normalize(glasshouse(testCase));
        if (!query.ordered()) {
            expected = ResultComparator.sorted(expected);
            actual = ResultComparator.sorted(actual);
        }
        String difference = ResultComparator.difference(expected, actual);
        assertThat(difference).as("Glasshouse (%s) vs DuckDB for: %s%n  DuckDB ran: %s", testCase.form().label,
                query.sql(), query.duckDbSql()).isNull();
    }

    private List<List<Object>> glasshouse(Case testCase) {
        if (testCase.form() == Form.SQL) return rows(session.sql(testCase.query().sql()).collect());
        DataFrame frame = testCase.query().dataFrame().apply(views);
        if (testCase.form() == Form.DATAFRAME) {
            assertJoinStrategy(testCase, frame, true);
            return rows(frame.collect());
        }
        session.setConf(BROADCAST_THRESHOLD, -1);
        try {
            assertJoinStrategy(testCase, frame, false);
            return rows(frame.collect());
        } finally {
            session.setConf(BROADCAST_THRESHOLD, defaultBroadcastThreshold);
        }
    }

    /**
     * The case really runs the join strategy it claims: with broadcasts off no join is broadcast; with the default
     * threshold one is, except for a full outer join, whose sides can never be broadcast.
     */
    private void assertJoinStrategy(Case testCase, DataFrame frame, boolean broadcastsOn) {
        if (!testCase.query().joins()) return;
        String plan = frame.explainString();
        if (!broadcastsOn || testCase.query().fullOuterJoin()) {
            assertThat(plan).as("physical plan of %s", testCase).doesNotContain("BroadcastHashJoin");
        } else {
            assertThat(plan).as("physical plan of %s", testCase).contains("BroadcastHashJoin");
        }
    }

    private static List<List<Object>> rows(List<Row> collected) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : collected) {
            List<Object> values = new ArrayList<>();
            for (int c = 0; c < row.size(); c++) values.add(row.get(c));
            rows.add(values);
        }
        return rows;
    }

    private List<List<Object>> duckDb(String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> values = new ArrayList<>();
                for (int c = 1; c <= columns; c++) values.add(result.getObject(c));
                rows.add(values);
            }
        }
        return rows;
    }
}
