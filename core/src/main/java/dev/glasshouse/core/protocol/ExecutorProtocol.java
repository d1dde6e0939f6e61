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
     * {@link DriverProtocol.TaskFailed} to {@code driver}. A task beyond the free slots waits in the executor's
     * queue: the driver sends one task per slot while tasks are long, and a few more while they are short.
     */
    public record LaunchTask(TaskDescription task, ActorRef<DriverProtocol.Command> driver) implements Command {
    }

    /** From a driver or the cluster-manager: the application is over, delete its shuffle and result blocks. */
    public record ApplicationEnded(String applicationId) implements Command {
    }
}
