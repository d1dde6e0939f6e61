package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glasshouse.cli.bench.Answer;
import dev.glasshouse.core.datagen.CustomersDataGenerator;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.row.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code glasshouse bench --json} at a tiny size: every job's answer matches the reference and the document has
 * the figures a script reads. This proves the benchmark is correct, not that the engine is fast.
 */
class BenchCommandTest {
    private static final long ROWS = 20_000;
    private static final int TASKS = 64;

    @Test
    void everyJobMatchesItsReferenceAndTheJsonHasTheFigures() throws Exception {
        Path dataDir = Files.createTempDirectory("glasshouse-bench-test-");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            exit = GlasshouseCli.commandLine().execute("bench", "--json", "--rows", "20k", "--tasks",
                    Integer.toString(TASKS), "--jobs", "groupby,filter-groupby,join,tasks", "--data-dir",
                    dataDir.toString());
        } finally {
            System.setOut(original);
            FileTrees.deleteRecursively(dataDir);
        }

        assertThat(exit).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
        assertThat(doc.get("allMatch").asBoolean()).isTrue();
        assertThat(doc.get("machine").get("cores").asInt()).isPositive();
        assertThat(doc.get("machine").get("java").asText()).isNotBlank();
        JsonNode cluster = doc.get("cluster");
        assertThat(cluster.get("executors").asInt()).isEqualTo(2);
        assertThat(cluster.get("coresPerExecutor").asInt()).isEqualTo(1);
        assertThat(cluster.get("startSeconds").asDouble()).isPositive()
                .isGreaterThanOrEqualTo(cluster.get("readySeconds").asDouble());

        JsonNode results = doc.get("results");
        assertThat(results).hasSize(4);
        Map<String, JsonNode> byJob = new HashMap<>();
        for (JsonNode result : results) {
            byJob.put(result.get("job").asText(), result);
            assertThat(result.get("matches").asBoolean()).as(result.toString()).isTrue();
            assertThat(result.get("checksum").asText()).isEqualTo(result.get("referenceChecksum").asText())
                    .hasSize(16);
            assertThat(result.get("seconds").asDouble()).isPositive();
            assertThat(result.get("tasks").asInt()).isPositive();
            assertThat(result.get("cpuSeconds").get("executors").asDouble()).isPositive();
            assertThat(result.get("heapBudgetBytes").asLong()).isPositive();
            assertThat(result.get("peakHeapBytes").asLong()).isPositive()
                    .isLessThanOrEqualTo(result.get("heapBudgetBytes").asLong());
        }
        assertThat(byJob.keySet()).containsExactlyInAnyOrder("groupby", "filter-groupby", "join", "tasks");
        for (String job : List.of("groupby", "filter-groupby", "join")) {
            assertThat(byJob.get(job).get("rows").asLong()).isEqualTo(ROWS);
            assertThat(byJob.get(job).get("rowsPerSecond").asDouble()).isPositive();
        }
        assertThat(byJob.get("tasks").get("tasks").asInt()).isEqualTo(TASKS);
        assertThat(byJob.get("tasks").get("tasksPerSecond").asDouble()).isPositive();

        // The checksums the bench compared against, computed once more here straight from the generators.
        Map<String, Long> byCountry = new HashMap<>();
        Map<String, Long> centsBySegment = new HashMap<>();
        CustomersDataGenerator customers = new CustomersDataGenerator(CustomersDataGenerator.SALES_CUSTOMERS, 42);
        Map<Long, String> segments = new HashMap<>();
        customers.rows().forEach(c -> segments.put((Long) c.get(0), (String) c.get(2)));
        new SalesDataGenerator(ROWS, 2, 42).rows().forEach((Row sale) -> {
            byCountry.merge((String) sale.get(2), 1L, Long::sum);
            centsBySegment.merge(segments.get((Long) sale.get(1)), Math.round((Double) sale.get(4) * 100), Long::sum);
        });
        assertThat(byJob.get("groupby").get("checksum").asText())
                .isEqualTo(Answer.ofExactCounts(byCountry).checksum());
        assertThat(byJob.get("join").get("checksum").asText())
                .isEqualTo(Answer.ofExactCents(centsBySegment).checksum());
    }
}
