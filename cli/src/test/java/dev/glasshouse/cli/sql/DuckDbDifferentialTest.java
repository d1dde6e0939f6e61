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
import java.util.List;
import java.util.Locale;
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
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbDifferentialTest {
    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private Connection duckdb;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-duckdb-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
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
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            for (DifferentialTables.Table table : tables.tables) {
                DataFrame view = session.read().option("header", true).option("inferSchema", true)
                        .csv(table.s3Prefix());
                view.createOrReplaceTempView(table.name());
                statement.execute("CREATE TABLE " + table.name() + " AS SELECT * FROM " + readCsv(table, view.schema()));
            }
        }
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

    List<DifferentialQueries.Query> queries() {
        return DifferentialQueries.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void glasshouseAgreesWithDuckDb(DifferentialQueries.Query query) throws Exception {
        List<List<Object>> expected = ResultComparator.normalize(duckDb(query.duckDbSql()));
        List<List<Object>> actual = ResultComparator.normalize(glasshouse(query.sql()));
        if (!query.ordered()) {
            expected = ResultComparator.sorted(expected);
            actual = ResultComparator.sorted(actual);
        }
        String difference = ResultComparator.difference(expected, actual);
        assertThat(difference).as("Glasshouse vs DuckDB for: %s%n  DuckDB ran: %s", query.sql(), query.duckDbSql())
                .isNull();
    }

    private List<List<Object>> glasshouse(String sql) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : session.sql(sql).collect()) {
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
