package dev.glasshouse.core.protocol;

import akka.actor.typed.ActorRef;
import akka.actor.typed.receptionist.ServiceKey;
import java.util.List;

/**
 * Messages the cluster-manager actor handles. It is found through the Receptionist under {@link #SERVICE_KEY}.
 */
public final class ClusterManagerProtocol {
    private ClusterManagerProtocol() {
    }

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "glasshouse-cluster-manager");

    public interface Command extends CborSerializable {
    }

    /**
     * Sent by an executor once its block server is up. The cluster-manager watches the executor and offers it to
     * drivers. Answered with {@link ExecutorProtocol.Registered}.
     */
    public record RegisterExecutor(ExecutorInfo info, ActorRef<ExecutorProtocol.Command> executor) implements Command {
    }

    /**
     * Sent by a driver when its application starts, and again to a cluster-manager that replaced the one it asked
     * (a restarted cluster-manager knows nothing of earlier grants). The cluster-manager grants up to
     * {@code count} executors in total, free ones at once and the rest as they register, each as a
     * {@link DriverProtocol.ExecutorsGranted}; it watches the driver and takes its executors back when the driver
     * goes away.
     *
     * @param heldExecutorIds executors the application already works with (granted by the previous
     *                        cluster-manager): they count towards {@code count}, stay the application's and are not
     *                        granted again, also when they register only later
     */
    public record RequestExecutors(String applicationId, int count, int cores, int memoryMb,
                                   ActorRef<DriverProtocol.Command> driver, List<String> heldExecutorIds)
            implements Command {
        public RequestExecutors {
            heldExecutorIds = heldExecutorIds == null ? List.of() : List.copyOf(heldExecutorIds);
        }

        /** A first request: the application holds no executor yet. */
        public RequestExecutors(String applicationId, int count, int cores, int memoryMb,
                                ActorRef<DriverProtocol.Command> driver) {
            this(applicationId, count, cores, memoryMb, driver, List.of());
        }
    }

    /** Sent by a driver when its application ends: its executors become free for other drivers. */
    public record ReleaseExecutors(String applicationId) implements Command {
    }

    /**
     * Sent by a driver that gave up on one of its executors although its process was not seen to end: no
     * heartbeat for too long, or its node unreachable in the Akka cluster for too long. The cluster-manager
     * treats it as lost: it stops the process (a paused or hung one too) and launches a replacement. Ignored
     * unless the executor, in that incarnation, works for that application.
     */
    public record ExecutorUnresponsive(String applicationId, String executorId, long incarnation, String reason)
            implements Command {
    }
}
