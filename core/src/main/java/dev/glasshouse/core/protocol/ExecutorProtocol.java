package dev.glasshouse.core.protocol;

import akka.actor.typed.ActorRef;
import java.util.List;

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
     * From a driver, when the cluster-manager grants it this executor and before any task: the executor sends
     * this driver {@link DriverProtocol.ExecutorHeartbeat}s until {@link ApplicationEnded}.
     */
    public record AttachDriver(String applicationId, ActorRef<DriverProtocol.Command> driver) implements Command {
    }

    /**
     * From a driver: run this task in a free slot and answer {@link DriverProtocol.TaskFinished} or
     * {@link DriverProtocol.TaskFailed} to {@code driver}. A task beyond the free slots waits in the executor's
     * queue: the driver sends one task per slot while tasks are long, and a few more while they are short.
     *
     * @param applicationJars S3 paths ({@code s3://bucket/key}) of the jars holding the application's own classes;
     *                        the executor runs the task with them on a class loader of the application's own. The
     *                        same list in every task of an application (fixed when its session starts); empty when
     *                        the application ships no code. Paths only: jar bytes never travel through Akka.
     * @param injectedFailure null, or (chaos, {@code glasshouse.chaos.task-failure-probability}) the error this
     *                        attempt must fail with instead of running: decided by the driver, so one seed
     *                        reproduces a run whichever executor gets the task
     */
    public record LaunchTask(TaskDescription task, ActorRef<DriverProtocol.Command> driver,
                             List<String> applicationJars, String injectedFailure) implements Command {
        public LaunchTask {
            applicationJars = applicationJars == null ? List.of() : List.copyOf(applicationJars);
        }

        public LaunchTask(TaskDescription task, ActorRef<DriverProtocol.Command> driver, List<String> applicationJars) {
            this(task, driver, applicationJars, null);
        }

        /** A task of an application that ships no code of its own. */
        public LaunchTask(TaskDescription task, ActorRef<DriverProtocol.Command> driver) {
            this(task, driver, List.of());
        }
    }

    /**
     * From a driver or the cluster-manager: the application is over, delete its shuffle and result blocks, and
     * close its class loader and delete its downloaded jars.
     */
    public record ApplicationEnded(String applicationId) implements Command {
    }

    /**
     * From a driver: the application unpersisted a dataset; drop its cached partitions from memory and disk. No
     * answer: the driver forgot the locations already.
     */
    public record DropCachedDataset(String applicationId, int datasetId) implements Command {
    }
}
