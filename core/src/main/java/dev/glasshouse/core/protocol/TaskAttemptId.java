package dev.glasshouse.core.protocol;

/**
 * Names one attempt of one task, with every id a receiver needs to recognise a stale report: a report for an
 * older stage attempt or an older task attempt than the driver expects is ignored.
 *
 * @param taskId unique within the application; a retry of the same partition gets a new taskId and attempt
 */
public record TaskAttemptId(String applicationId, int jobId, int stageId, int stageAttempt, int partition,
                            int attempt, long taskId) implements CborSerializable {
    @Override
    public String toString() {
        return "task " + taskId + " (stage " + stageId + "." + stageAttempt + ", partition " + partition
                + ", attempt " + attempt + ")";
    }
}
