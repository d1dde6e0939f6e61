package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskDescription;

/** A decision of the scheduler: run this task on that executor now. */
public record TaskLaunch(String executorId, TaskDescription task) {
}
