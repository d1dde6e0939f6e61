package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.protocol.TaskAttemptId;

/**
 * A launched task attempt that has not reported yet; it holds one slot of its executor until it does.
 *
 * @param startedAt   the scheduler's clock at launch (speculation compares running times)
 * @param launchEpoch the scheduler's loss epoch at launch: map outputs registered in a later epoch were not among
 *                    those the task was told to read
 * @param speculative a second copy of a straggler
 */
record RunningTask(TaskAttemptId id, StageRun stage, String executorId, long startedAt, long launchEpoch,
                   boolean speculative) {
}
