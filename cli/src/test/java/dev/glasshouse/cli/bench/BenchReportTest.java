package dev.glasshouse.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glasshouse.core.row.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong answer is reported loudly, with both checksums and both answers. */
class BenchReportTest {
    private static final BenchReport.Machine MACHINE = new BenchReport.Machine(2, 1L << 34, "Java 17", "Linux", 1, 2);
    private static final BenchReport.Cluster CLUSTER = new BenchReport.Cluster(2, 1, 512, 9.5, 7.5, null);
    private static final CpuClock.Reading CPU = new CpuClock.Reading(3, 1, 0.5);

    private static BenchRun run(BenchJob job, Answer answer, Answer expected) {
        return new BenchRun(job, 1_000_000, 1, 2.0, 12, answer, expected, 1.5, CPU,
                new HeapMonitor.Peak(100L << 20, 30L << 20, 512L << 20));
    }

    @Test
    void aMismatchNamesTheJobAndBothChecksumsAndTheJsonCarriesBothAnswers() {
        Answer expected = Answer.ofExactCounts(Map.of("US", 300L, "IN", 150L));
        Answer wrong = Answer.ofCounts(List.of(new Row("US", 300L), new Row("IN", 149L)));
        Answer right = Answer.ofCounts(List.of(new Row("IN", 150L), new Row("US", 300L)));
        assertThat(right).isEqualTo(expected);
        assertThat(right.checksum()).isEqualTo(expected.checksum()).isNotEqualTo(wrong.checksum());

        BenchReport report = new BenchReport(MACHINE, CLUSTER, List.of(),
                List.of(run(BenchJob.GROUPBY, right, expected), run(BenchJob.FILTER_GROUPBY, wrong, expected)));

        assertThat(report.allMatch()).isFalse();
        assertThat(report.mismatches()).isEqualTo("filter-groupby at 1,000,000 rows (run 1): checksum "
                + wrong.checksum() + ", reference " + expected.checksum());
        assertThat(report.text()).contains("MISMATCH").contains("OK").contains("ready (S3, cluster-manager, "
                + "executors registered) in 7.50 s");
        JsonNode json = report.json(BenchReport.mapper());
        assertThat(json.get("allMatch").asBoolean()).isFalse();
        JsonNode bad = json.get("results").get(1);
        assertThat(bad.get("matches").asBoolean()).isFalse();
        assertThat(bad.get("answer").get("IN").asText()).isEqualTo("149");
        assertThat(bad.get("referenceAnswer").get("IN").asText()).isEqualTo("150");
        assertThat(json.get("results").get(0).has("answer")).isFalse();
    }

    @Test
    void sumsCompareInCents() {
        Answer engine = Answer.ofSums(List.of(new Row("consumer", 0.1 + 0.2), new Row("corporate", 1e9 + 0.015)));
        assertThat(engine.values()).containsEntry("consumer", "0.30").containsEntry("corporate", "1000000000.02");
        assertThat(Answer.ofExactCents(Map.of("consumer", 30L)).values()).containsEntry("consumer", "0.30");
    }
}
