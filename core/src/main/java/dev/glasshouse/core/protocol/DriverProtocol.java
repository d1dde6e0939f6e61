package dev.glasshouse.core.protocol;

import akka.actor.typed.ActorRef;
import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import java.util.List;

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
     * From an executor: the task attempt succeeded; its output is in that executor's block store or in S3.
     *
     * @param cachedBlocks partitions of persisted datasets the task computed and the executor now keeps
     */
    public record TaskFinished(TaskAttemptId attempt, String executorId, long incarnation, TaskMetrics metrics,
                               List<CachedBlock> cachedBlocks) implements Command {
        public TaskFinished {
            cachedBlocks = List.copyOf(cachedBlocks);
        }

        public TaskFinished(TaskAttemptId attempt, String executorId, long incarnation, TaskMetrics metrics) {
            this(attempt, executorId, incarnation, metrics, List.of());
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
