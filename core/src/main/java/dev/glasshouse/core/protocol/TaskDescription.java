package dev.glasshouse.core.protocol;

import dev.glasshouse.core.exec.TaskPlan;

/** Everything an executor needs to run one task attempt: who it is, and the pipeline to run on its partition. */
public record TaskDescription(TaskAttemptId id, TaskPlan plan) implements CborSerializable {
}
