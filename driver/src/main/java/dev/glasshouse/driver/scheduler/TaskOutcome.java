package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.TaskMetrics;

/** The successful attempt of one partition: where it ran, which attempt it was, what it measured. */
public record TaskOutcome(int partition, long taskId, ExecutorInfo executor, TaskMetrics metrics) {
}
