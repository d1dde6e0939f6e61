package dev.glasshouse.core.protocol;

import akka.actor.typed.ActorRef;

/** Messages the executor actor handles. */
public final class ExecutorProtocol {
    private ExecutorProtocol() {
    }

    public interface Command extends CborSerializable {
    }

    /** From the cluster-manager: the registration was accepted. */
    public record Registered(String executorId, long incarnation) implements Command {
    }

    /**
     * From a driver: run this task in a free slot and answer {@link DriverProtocol.TaskFinished} or
     * {@link DriverProtocol.TaskFailed} to {@code driver}. The driver never sends more tasks than the executor has
     * slots; a task beyond that waits in the executor's queue.
     */
    public record LaunchTask(TaskDescription task, ActorRef<DriverProtocol.Command> driver) implements Command {
    }

    /** From a driver or the cluster-manager: the application is over, delete its shuffle and result blocks. */
    public record ApplicationEnded(String applicationId) implements Command {
    }

    /**
     * From a driver: the application unpersisted a dataset; drop its cached partitions from memory and disk. No
     * answer: the driver forgot the locations already.
     */
    public record DropCachedDataset(String applicationId, int datasetId) implements Command {
    }
}
