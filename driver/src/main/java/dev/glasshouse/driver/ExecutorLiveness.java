package dev.glasshouse.driver;

import akka.actor.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What the driver sees of each of its executors' health, besides the cluster-manager's word: when it last sent a
 * heartbeat, and whether its node is unreachable in the Akka cluster (suspected). Deciding what follows (tasks
 * held back, the executor declared lost) is the driver actor's.
 *
 * <p>Not thread-safe: the driver actor owns it. Times are {@link System#nanoTime()} readings passed in.
 * Invariant: a suspected executor is a tracked one.
 */
final class ExecutorLiveness {
    private static final class Tracked {
        final long incarnation;
        final Address node;
        long lastHeardNanos;

        Tracked(long incarnation, Address node, long lastHeardNanos) {
            this.incarnation = incarnation;
            this.node = node;
            this.lastHeardNanos = lastHeardNanos;
        }
    }

    private final Map<String, Tracked> executors = new LinkedHashMap<>();
    private final Set<String> suspected = new HashSet<>();

    /** The executor now works for this driver: its silence is counted from now. */
    void granted(String executorId, long incarnation, Address node, long nowNanos) {
        executors.put(executorId, new Tracked(incarnation, node, nowNanos));
        suspected.remove(executorId);
    }

    /** Records a heartbeat; one from an unknown executor or another incarnation is ignored. */
    void heartbeat(String executorId, long incarnation, long nowNanos) {
        Tracked tracked = executors.get(executorId);
        if (tracked != null && tracked.incarnation == incarnation) tracked.lastHeardNanos = nowNanos;
    }

    /** Executors not heard from for longer than {@code timeout}, with how long each has been silent. */
    Map<String, Duration> silentLongerThan(Duration timeout, long nowNanos) {
        Map<String, Duration> silent = new LinkedHashMap<>();
        executors.forEach((id, tracked) -> {
            Duration silence = Duration.ofNanos(nowNanos - tracked.lastHeardNanos);
            if (silence.compareTo(timeout) > 0) silent.put(id, silence);
        });
        return silent;
    }

    /** The executors whose actor system is that cluster member. */
    List<String> onNode(Address node) {
        List<String> ids = new ArrayList<>();
        executors.forEach((id, tracked) -> {
            if (tracked.node.equals(node)) ids.add(id);
        });
        return ids;
    }

    /** @return true when the executor is tracked and was not suspected already */
    boolean suspect(String executorId) {
        return executors.containsKey(executorId) && suspected.add(executorId);
    }

    /** @return true when the executor was suspected */
    boolean clearSuspicion(String executorId) {
        return suspected.remove(executorId);
    }

    boolean isSuspected(String executorId) {
        return suspected.contains(executorId);
    }

    OptionalLong incarnation(String executorId) {
        Tracked tracked = executors.get(executorId);
        return tracked == null ? OptionalLong.empty() : OptionalLong.of(tracked.incarnation);
    }

    void forget(String executorId) {
        executors.remove(executorId);
        suspected.remove(executorId);
    }

    void forgetAll() {
        executors.clear();
        suspected.clear();
    }
}
