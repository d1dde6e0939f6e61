package dev.glasshouse.executor;

import akka.actor.typed.ActorRef;
import dev.glasshouse.core.protocol.DriverProtocol;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver of each application this executor runs tasks for, learnt from the tasks themselves: what the cache
 * store uses to tell a driver that one of its cached partitions is gone. Thread-safe: the actor writes, task
 * threads read.
 */
public final class DriverDirectory {
    private final Map<String, ActorRef<DriverProtocol.Command>> drivers = new ConcurrentHashMap<>();

    void taskFrom(String applicationId, ActorRef<DriverProtocol.Command> driver) {
        drivers.put(applicationId, driver);
    }

    void applicationEnded(String applicationId) {
        drivers.remove(applicationId);
    }

    public Optional<ActorRef<DriverProtocol.Command>> driverOf(String applicationId) {
        return Optional.ofNullable(drivers.get(applicationId));
    }
}
