package dev.glasshouse.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosReportTest {
    private static final long T0 = 1_000_000;

    private static TaskAttemptId task(int stage, int partition, int attempt) {
        return new TaskAttemptId("app", 0, stage, 0, partition, attempt, stage * 100L + partition * 10 + attempt);
    }

    private static EventRecorder.Timed at(long millis, SchedulerEvent event) {
        return new EventRecorder.Timed(T0 + millis, event);
    }

    private static ChaosPlan killPlan() {
        return new ChaosPlan(new ChaosSpec(List.of(FaultKind.KILL_EXECUTOR), ChaosSpec.RANDOM, "KILL", Duration.ZERO,
                Duration.ZERO, 0, ChaosSpec.Trigger.REDUCE, Duration.ZERO, Duration.ZERO, 1, 3));
    }

    @Test
    void reportsDetectionTimeRecomputationAndAnUnchangedResult() {
        List<EventRecorder.Timed> events = List.of(
                at(0, new SchedulerEvent.TaskStarted(task(0, 1, 0), "exec-2")),
                at(1_300, new SchedulerEvent.ExecutorRemoved("exec-2", "process exited with code 137", 1)),
                at(1_310, new SchedulerEvent.PartitionsResubmitted(0, 0, 1, List.of(1, 3),
                        "map output lost with executor exec-2")),
                at(1_320, new SchedulerEvent.TaskStarted(task(0, 1, 1), "exec-1")),
                at(1_330, new SchedulerEvent.TaskStarted(task(0, 3, 1), "exec-1")),
                at(1_900, new SchedulerEvent.TaskEnded(task(1, 5, 0), "exec-1", false, null,
                        "FetchFailedException: exec-2 gone")),
                at(2_000, new SchedulerEvent.TaskStarted(task(1, 5, 1), "exec-1")));
        InjectedFault kill = new InjectedFault(1, FaultKind.KILL_EXECUTOR, T0 + 1_200,
                "kill -KILL executor exec-2 (pid 42)", "exec-2", null);
        String checksum = ResultChecksum.of(List.of(new Row(new Object[]{"IN", 3L})));
        ChaosReport.Inputs inputs = new ChaosReport.Inputs(killPlan(), List.of(kill), Map.of(), events,
                new ChaosReport.Run(0, 2_000, checksum, 1, null), new ChaosReport.Run(T0, 3_000, checksum, 1, null));

        assertThat(ChaosReport.resultUnchanged(inputs)).isTrue();
        assertThat(ChaosReport.text(inputs)).isEqualTo("""
                Chaos report (seed 3)
                  Faults injected:
                    #1 at +1.20 s: kill -KILL executor exec-2 (pid 42); the driver removed exec-2 0.10 s later \
                (process exited with code 137)
                  What the driver did:
                    +1.30 s: executor exec-2 lost (process exited with code 137); 1 running task(s) re-queued
                    +1.31 s: stage 0 attempt 2: recomputing partitions [1, 3] (map output lost with executor exec-2)
                    +1.90 s: stage 1 partition 5 attempt 0 failed on exec-1: FetchFailedException: exec-2 gone
                    Tasks run again: 3 (job 0 stage 0: partitions [1, 3]; job 0 stage 1: partitions [5])
                  Duration: 3.00 s under chaos, 2.00 s fault-free (+50%%)
                  Result: 1 rows, checksum %s, EQUAL to the fault-free result
                """.formatted(checksum));
    }

    @Test
    void differentOrFailedResultsAreCalledOut() {
        String a = ResultChecksum.of(List.of(new Row(new Object[]{"IN", 3L}), new Row(new Object[]{"FR", 1L})));
        String reordered = ResultChecksum.of(List.of(new Row(new Object[]{"FR", 1L}), new Row(new Object[]{"IN", 3L})));
        String b = ResultChecksum.of(List.of(new Row(new Object[]{"IN", 4L}), new Row(new Object[]{"FR", 1L})));
        assertThat(reordered).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);

        ChaosReport.Inputs different = new ChaosReport.Inputs(killPlan(), List.of(), Map.of(), List.of(),
                new ChaosReport.Run(0, 1, a, 2, null), new ChaosReport.Run(T0, 1, b, 2, null));
        assertThat(ChaosReport.resultUnchanged(different)).isFalse();
        assertThat(ChaosReport.text(different)).contains("DIFFERENT from the fault-free result")
                .contains("none (the job ended before the first fault was due)");

        ChaosReport.Inputs failed = new ChaosReport.Inputs(killPlan(), List.of(), Map.of(), List.of(),
                new ChaosReport.Run(0, 1, a, 2, null), new ChaosReport.Run(T0, 1, null, 0, "job 1 failed: boom"));
        assertThat(ChaosReport.resultUnchanged(failed)).isFalse();
        assertThat(ChaosReport.text(failed)).contains("the run under chaos FAILED: job 1 failed: boom");
    }
}
