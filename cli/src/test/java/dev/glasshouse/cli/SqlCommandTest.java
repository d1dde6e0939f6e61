package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code glasshouse sql}: on its own local cluster with generated sales, and its syntax errors. */
class SqlCommandTest {

    @Test
    void sqlOnALocalClusterPrintsOneJsonArrayOfRows() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            exit = GlasshouseCli.commandLine().execute("sql", "--json", "--generate-sales", "3000", "--files", "2",
                    "SELECT country, count(*) AS n, CAST(sum(amount) AS DECIMAL(12,2)) AS revenue FROM sales "
                            + "GROUP BY country ORDER BY country");
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isEqualTo(0);
        JsonNode rows = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
        assertThat(rows.isArray()).isTrue();
        Map<String, Long> expected = new SalesDataGenerator(3000, 2, DemoCommand.SEED).rows()
                .collect(Collectors.groupingBy(r -> (String) r.get(2), TreeMap::new, Collectors.counting()));
        List<String> countries = new ArrayList<>();
        Map<String, Long> actual = new TreeMap<>();
        rows.forEach(row -> {
            countries.add(row.get("country").asText());
            actual.put(row.get("country").asText(), row.get("n").asLong());
            assertThat(row.get("revenue").isNumber()).as("decimals are JSON numbers").isTrue();
        });
        assertThat(actual).isEqualTo(expected);
        assertThat(countries).isSorted();
    }

    @Test
    void aSyntaxErrorFailsAtOnceNamingLineColumnAndToken() {
        StringWriter err = new StringWriter();
        CommandLine cli = GlasshouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        long start = System.nanoTime();
        int exit = cli.execute("sql", "SELECT country\nFROM sales\nWHERE amount > 5 5");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).startsWith(
                "glasshouse sql: SQL syntax error at line 3, column 18: unexpected input at '5'");
        assertThat(System.nanoTime() - start).as("no cluster was started").isLessThan(10_000_000_000L);
    }
}
