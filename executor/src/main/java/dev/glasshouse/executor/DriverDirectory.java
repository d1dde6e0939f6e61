package dev.glasshouse.executor;

import akka.actor.typed.ActorRef;
import dev.glasshouse.core.protocol.DriverProtocol;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver of each application this executor works for: attached when the driver is granted this executor
 * ({@code AttachDriver}), learnt again from each task, detached when the application ends. The executor sends
 * these drivers its heartbeats, and the cache store tells them that one of their cached partitions is gone.
 * Thread-safe: the actor writes, task threads read.
 */
public final class DriverDirectory {
    private final Map<String, ActorRef<DriverProtocol.Command>> drivers = new ConcurrentHashMap<>();

    void attach(String applicationId, ActorRef<DriverProtocol.Command> driver) {
        drivers.put(applicationId, driver);
    }

    void taskFrom(String applicationId, ActorRef<DriverProtocol.Command> driver) {
        drivers.put(applicationId, driver);
    }

    void applicationEnded(String applicationId) {
        drivers.remove(applicationId);
    }

    public Optional<ActorRef<DriverProtocol.Command>> driverOf(String applicationId) {
        return Optional.ofNullable(drivers.get(applicationId));
    }

    /** A snapshot: application id to its driver. */
    Map<String, ActorRef<DriverProtocol.Command>> attached() {
        return Map.copyOf(drivers);
    }
}
