package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import dev.glasshouse.driver.scheduler.StageSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console lines a workshop reads while a job runs: cache reads, spills and evictions among them. */
class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStageThatReadTheCacheAndSpilledSaysSo() {
        TaskMetrics metrics = new TaskMetrics(10, 0, 0, 0, 0, 0, 0, 0, 0, 1_048_576, 4);
        progress.accept(new SchedulerEvent.StageCompleted(0, 3, 0,
                new StageSummary(3, true, 4, 4, 1, metrics, Set.of("exec-2", "exec-1"))));

        assertThat(printed()).startsWith("[stage 3] done: 4/4 task(s) on [exec-1, exec-2] in ")
                .contains(", 4 partition(s) read from cache, 1,048,576 bytes spilled to disk");
    }

    @Test
    void aStageWithNeitherPrintsNeither() {
        progress.accept(new SchedulerEvent.StageCompleted(0, 1, 0,
                new StageSummary(1, false, 2, 2, 1, TaskMetrics.EMPTY, Set.of("exec-1"))));

        assertThat(printed()).doesNotContain("cache").doesNotContain("spilled");
    }

    @Test
    void anEvictionNamesTheExecutorThePartitionsAndTheReason() {
        progress.accept(new SchedulerEvent.CachedPartitionsDropped("exec-1",
                List.of(new CacheBlockId(0, 3), new CacheBlockId(0, 5)), "evicted from executor exec-1's storage memory"));

        assertThat(printed()).isEqualToIgnoringNewLines("[executor exec-1] dropped [cache 0 partition 3, cache 0 "
                + "partition 5]: evicted from executor exec-1's storage memory; recomputed from lineage when next needed");
    }

    @Test
    void recoveryDecisionsArePrintedWithTheirReasons() {
        var task = new dev.glasshouse.core.protocol.TaskAttemptId("app", 0, 1, 2, 3, 1, 40);
        progress.accept(new SchedulerEvent.ExecutorRemoved("exec-2", "process exited with code 137", 1));
        progress.accept(new SchedulerEvent.PartitionsResubmitted(0, 0, 1, List.of(3, 7),
                "map output lost with executor exec-2"));
        progress.accept(new SchedulerEvent.TaskRetried(task, "exec-1", "failed on exec-2: IllegalStateException: boom"));
        progress.accept(new SchedulerEvent.SpeculativeTaskLaunched(task, "exec-3", "running 3.5 s, 3.5× the median 1.0 s"));

        assertThat(printed()).isEqualTo(String.join(System.lineSeparator(),
                "[executor exec-2] lost: process exited with code 137; 1 running task(s) re-queued",
                "[stage 0] attempt 2: recomputing partitions [3, 7] (map output lost with executor exec-2)",
                "[stage 1] retrying partition 3 on exec-1 (attempt 2): failed on exec-2: IllegalStateException: boom",
                "[stage 1] speculative copy of partition 3 on exec-3: running 3.5 s, 3.5× the median 1.0 s", ""));
    }
}
