package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's first command, as a test: {@code glasshouse demo --json} runs the job on its own local cluster. */
class DemoCommandTest {

    @Test
    void demoPrintsOneJsonDocumentWithTheRightCounts() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            exit = GlasshouseCli.commandLine().execute("demo", "--json", "--rows", "20000", "--files", "3");
        } finally {
            System.setOut(original);
        }

        assertThat(exit).isEqualTo(0);
        JsonNode doc = new ObjectMapper().readTree(stdout.toString(StandardCharsets.UTF_8));
        JsonNode summary = doc.get("summary");
        assertThat(summary.get("inputRows").asLong()).isEqualTo(20000);
        assertThat(summary.get("stages")).hasSize(2);
        assertThat(summary.get("stages").get(0).get("partitions").asInt()).isEqualTo(3);
        assertThat(summary.get("tasks").asInt()).isEqualTo(3 + 8);

        // Count the demo's data here, independently of the cluster.
        Map<String, Long> expected = new SalesDataGenerator(20000, 3, DemoCommand.SEED).rows()
                .collect(Collectors.groupingBy(r -> (String) r.get(2), TreeMap::new, Collectors.counting()));
        Map<String, Long> actual = new TreeMap<>();
        doc.get("result").forEach(row -> actual.put(row.get("country").asText(), row.get("count").asLong()));
        assertThat(actual).isEqualTo(expected);
    }
}
