package dev.glasshouse.core.protocol;

import akka.actor.typed.ActorRef;
import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Messages the driver actor handles from other processes. */
public final class DriverProtocol {
    private DriverProtocol() {
    }

    /** Not sealed: the driver module adds its own in-process messages (job submission, timers). */
    public interface Command extends CborSerializable {
    }

    /** An executor the cluster-manager gives to an application, with the ref to send it tasks. */
    public record GrantedExecutor(ExecutorInfo info, ActorRef<ExecutorProtocol.Command> ref) implements CborSerializable {
    }

    /** From the cluster-manager: these executors now work for the application. */
    public record ExecutorsGranted(String applicationId, List<GrantedExecutor> executors) implements Command {
    }

    /** From the cluster-manager: an executor of the application is gone (process ended, node removed). */
    public record ExecutorLost(String applicationId, String executorId, long incarnation, String reason)
            implements Command {
    }

    /**
     * From an executor, every {@code glasshouse.executor.heartbeat-interval} to each driver it works for: it is
     * alive and its actor answers. Ids only, so that it stays small at any number of tasks.
     *
     * @param runningTaskIds task ids of the application launched on this executor and not yet reported
     */
    public record ExecutorHeartbeat(String applicationId, String executorId, long incarnation,
                                    List<Long> runningTaskIds) implements Command {
        public ExecutorHeartbeat {
            runningTaskIds = List.copyOf(runningTaskIds);
        }
    }

    /**
     * From an executor: the task attempt succeeded; its output is in that executor's block store or in S3, or,
     * for a small result, right here.
     *
     * @param cachedBlocks partitions of persisted datasets the task computed and the executor now keeps
     * @param directResult the row-encoded result block of a result task when it was small enough to travel in this
     *                     message (as Spark's direct task results), so the driver fetches nothing; null otherwise
     */
    public record TaskFinished(TaskAttemptId attempt, String executorId, long incarnation, TaskMetrics metrics,
                               List<CachedBlock> cachedBlocks, byte[] directResult) implements Command {
        public TaskFinished {
            cachedBlocks = cachedBlocks == null ? List.of() : List.copyOf(cachedBlocks);
        }

        /** A task whose output stayed on the executor or went to S3, and that cached nothing. */
        public TaskFinished(TaskAttemptId attempt, String executorId, long incarnation, TaskMetrics metrics) {
            this(attempt, executorId, incarnation, metrics, List.of(), null);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskFinished other && attempt.equals(other.attempt)
                    && executorId.equals(other.executorId) && incarnation == other.incarnation
                    && metrics.equals(other.metrics) && cachedBlocks.equals(other.cachedBlocks)
                    && Arrays.equals(directResult, other.directResult);
        }

        @Override
        public int hashCode() {
            return Objects.hash(attempt, executorId, incarnation, metrics, cachedBlocks, Arrays.hashCode(directResult));
        }

        @Override
        public String toString() {
            return "TaskFinished[" + attempt + " on " + executorId + " (incarnation " + incarnation + "), " + metrics
                    + (cachedBlocks.isEmpty() ? "" : ", cached " + cachedBlocks)
                    + (directResult == null ? "" : ", direct result of " + directResult.length + " bytes") + "]";
        }
    }

    /**
     * From an executor: it no longer keeps these cached partitions of the application (evicted from memory to make
     * room, with nowhere else to go). The driver stops scheduling their readers there; they are recomputed from
     * lineage when next needed.
     */
    public record CachedBlocksDropped(String applicationId, String executorId, List<CacheBlockId> blocks,
                                      String reason) implements Command {
        public CachedBlocksDropped {
            blocks = List.copyOf(blocks);
        }
    }

    /**
     * From an executor: the task attempt failed. {@code fetchFailure} is set when the cause was a missing shuffle
     * block (the map side must be recomputed), null for any other error.
     */
    public record TaskFailed(TaskAttemptId attempt, String executorId, long incarnation, String error,
                             FetchFailure fetchFailure) implements Command {
    }
}
