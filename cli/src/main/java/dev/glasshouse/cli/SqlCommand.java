package dev.glasshouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.core.types.ValueText;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.TableFormatter;
import dev.glasshouse.driver.sql.SqlTranslator;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glasshouse sql "<query>"}: this process becomes the driver and runs one SQL query, against a running
 * cluster ({@code --master}) or a local cluster it starts and stops. Results go to stdout, progress to stderr.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run one SQL query as a driver and print its result, on --master or on a local cluster.")
public final class SqlCommand implements Callable<Integer> {
    static final String SALES_PATH = "s3://raw/sales/";

    @Parameters(index = "0", paramLabel = "QUERY",
            description = "the query, e.g. \"SELECT country, count(*) AS n FROM sales GROUP BY country\"")
    String query;

    @Option(names = "--master", converter = MasterAddress.class, paramLabel = "HOST:PORT",
            description = "a running cluster-manager; without it a local cluster is started (with empty S3)")
    String master;

    @Option(names = "--view", paramLabel = "NAME=S3_PATH",
            description = "register a CSV prefix (header, inferred types) as a view; repeatable")
    Map<String, String> views = new LinkedHashMap<>();

    @Option(names = "--generate-sales", paramLabel = "ROWS",
            description = "first write ROWS generated sales rows to " + SALES_PATH + " (seed 42) and register them "
                    + "as the view 'sales'")
    Long generateSales;

    @Option(names = "--files", defaultValue = "4", description = "files for --generate-sales (default: ${DEFAULT-VALUE})")
    int files;

    @Option(names = "--executors", defaultValue = "2", description = "executors (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--shuffle-partitions", defaultValue = "8",
            description = "reduce partitions of each shuffle (default: ${DEFAULT-VALUE})")
    int shufflePartitions;

    @Option(names = "--json", description = "print the result as one JSON array of row objects instead of a table")
    boolean json;

    @Mixin
    S3Options s3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (generateSales != null && (generateSales < 0 || files < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--generate-sales must be >= 0 and --files >= 1");
        }
        SqlTranslator.checkSyntax(query); // a typo fails at once, before a cluster starts
        PrintStream progress = System.err;
        if (master != null) {
            run(master, progress);
            return 0;
        }
        Path dataDir = Files.createTempDirectory("glasshouse-sql-");
        try {
            progress.println("Starting a local cluster: cluster-manager + " + executors + " executor JVM(s) + S3 ...");
            try (LocalClusterProcess cluster = LocalClusterProcess.start(executors, 1, 512, dataDir,
                    dataDir.resolve("local-cluster.log"), 120)) {
                s3.endpoint = cluster.s3Endpoint();
                run(cluster.master(), progress);
            }
        } finally {
            FileTrees.deleteRecursively(dataDir);
        }
        return 0;
    }

    private void run(String clusterMaster, PrintStream progress) throws Exception {
        if (generateSales != null) {
            try (ObjectStore store = new ObjectStore(S3Settings.fromConfig(s3.config()))) {
                long bytes = new SalesDataGenerator(generateSales, files, DemoCommand.SEED)
                        .writeTo(store, S3Path.parse(SALES_PATH));
                progress.printf("Generated %,d sales rows in %d file(s) (%,d bytes) at %s%n", generateSales, files,
                        bytes, SALES_PATH);
            }
            views.putIfAbsent("sales", SALES_PATH);
        }
        try (GlasshouseSession session = GlasshouseSession.builder()
                .config(s3.config())
                .master(clusterMaster)
                .config("glasshouse.driver.executors", executors)
                .config("glasshouse.driver.shuffle-partitions", shufflePartitions)
                .listener(new ConsoleProgress(progress))
                .out(progress)
                .getOrCreate()) {
            for (Map.Entry<String, String> view : views.entrySet()) {
                session.read().option("header", true).option("inferSchema", true).csv(view.getValue())
                        .createOrReplaceTempView(view.getKey());
            }
            DataFrame result = session.sql(query);
            List<Row> rows = result.collect();
            if (json) {
                System.out.println(jsonRows(result.schema(), rows));
            } else {
                System.out.print(TableFormatter.format(result.schema(), rows));
                System.out.println(rows.size() + " row(s)");
            }
        }
    }

    /**
     * One JSON array of row objects. Numbers (decimals too, exactly) are JSON numbers, booleans are booleans,
     * dates and timestamps are strings as Spark shows them ({@code 2024-03-01}, {@code 2024-03-01 12:00:00}, UTC).
     */
    static String jsonRows(Schema schema, List<Row> rows) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (Row row : rows) {
            ObjectNode object = array.addObject();
            for (int c = 0; c < schema.size(); c++) {
                String name = schema.field(c).name();
                Object value = row.get(c);
                if (value == null) {
                    object.putNull(name);
                } else if (value instanceof Integer || value instanceof Long) {
                    object.put(name, ((Number) value).longValue());
                } else if (value instanceof Double d) {
                    object.put(name, d);
                } else if (value instanceof BigDecimal d) {
                    object.put(name, d);
                } else if (value instanceof Boolean b) {
                    object.put(name, b);
                } else {
                    object.put(name, ValueText.of(value));
                }
            }
        }
        return mapper.writeValueAsString(array);
    }
}
