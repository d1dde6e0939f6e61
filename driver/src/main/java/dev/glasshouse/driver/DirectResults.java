package dev.glasshouse.driver;

import dev.glasshouse.core.protocol.TaskAttemptId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Result blocks that came back inside {@code TaskFinished} messages, by task id, until the action that ran the
 * job reads them. The driver actor puts them; the thread that runs the action takes them and then drops whatever
 * its job left (attempts that lost, partitions a {@code take(n)} did not need). Thread-safe.
 */
final class DirectResults {
    private record Entry(int jobId, byte[] rows) {
    }

    private final Map<Long, Entry> byTaskId = new ConcurrentHashMap<>();

    void put(TaskAttemptId attempt, byte[] rows) {
        byTaskId.put(attempt.taskId(), new Entry(attempt.jobId(), rows));
    }

    /** The direct result of the task attempt, or null when its result is a block on its executor. */
    byte[] take(long taskId) {
        Entry entry = byTaskId.remove(taskId);
        return entry == null ? null : entry.rows();
    }

    /** Forgets every direct result of the job. */
    void discardJob(int jobId) {
        byTaskId.values().removeIf(entry -> entry.jobId() == jobId);
    }

    int size() {
        return byTaskId.size();
    }
}
