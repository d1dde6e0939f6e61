package dev.glasshouse.clustermanager;

import dev.glasshouse.core.protocol.ExecutorInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which executors are registered, which application each works for, and how many more each application wants.
 * Plain state with no messaging, driven by the cluster-manager actor and tested on its own.
 *
 * <p>An application's request is a wanted total, not a number to add: repeating a request changes nothing, and
 * an application that loses an executor gets the next free one without asking again. Free executors go to
 * requests in the order the requests arrived, and are taken in the order they registered.
 *
 * <p>An application may also <em>claim</em> executors it already works with, granted by an earlier
 * cluster-manager: a registered one becomes its own at once, one not registered yet when it registers. Until then
 * the pending claim counts as held, so nothing else is granted in its place.
 *
 * <p>Invariants: an executor works for at most one application (a pending claim counts as working for it); an
 * application never holds more executors than it wants, unless it claimed more. Not thread-safe: owned by one
 * actor.
 *
 * @param <R> how to reach an executor (an actor ref in production)
 */
public final class ExecutorRegistry<R> {

    /** A registered executor; {@code owner} is the application it works for, empty while free. */
    public record RegisteredExecutor<R>(ExecutorInfo info, R ref, Optional<String> owner) {
    }

    /** A free executor that now works for {@code applicationId}. */
    public record Grant<R>(String applicationId, ExecutorInfo info, R ref) {
    }

    private static final class Slot<R> {
        final ExecutorInfo info;
        final R ref;
        String owner;

        Slot(ExecutorInfo info, R ref) {
            this.info = info;
            this.ref = ref;
        }

        RegisteredExecutor<R> snapshot() {
            return new RegisteredExecutor<>(info, ref, Optional.ofNullable(owner));
        }
    }

    /** By executor id, in registration order. */
    private final Map<String, Slot<R>> executors = new LinkedHashMap<>();
    /** Executors wanted in total, by application id, in the order the requests arrived. */
    private final Map<String, Integer> wanted = new LinkedHashMap<>();
    /** Claimed executors that have not registered (yet): executor id to application id. */
    private final Map<String, String> pendingClaims = new LinkedHashMap<>();

    /**
     * Adds a free executor.
     *
     * @return false when this incarnation is registered already (a repeated registration changes nothing)
     * @throws IllegalStateException when another incarnation of the id is registered: remove it first
     */
    public boolean register(ExecutorInfo info, R ref) {
        Slot<R> existing = executors.get(info.executorId());
        if (existing != null) {
            if (existing.info.incarnation() == info.incarnation()) return false;
            throw new IllegalStateException("executor " + info.executorId() + " incarnation "
                    + existing.info.incarnation() + " is still registered");
        }
        Slot<R> slot = new Slot<>(info, ref);
        slot.owner = pendingClaims.remove(info.executorId());
        executors.put(info.executorId(), slot);
        return true;
    }

    /**
     * The application already works with these executors. A free registered one becomes its own; one not
     * registered yet becomes its own when it registers (until {@link #dropClaim}). Nothing is granted for them.
     *
     * @return the claimed executors that work for another application, which keeps them
     */
    public List<String> claim(String applicationId, Collection<String> executorIds) {
        List<String> refused = new ArrayList<>();
        for (String executorId : executorIds) {
            Slot<R> slot = executors.get(executorId);
            if (slot == null) {
                String other = pendingClaims.putIfAbsent(executorId, applicationId);
                if (other != null && !other.equals(applicationId)) refused.add(executorId);
            } else if (slot.owner == null) {
                slot.owner = applicationId;
            } else if (!slot.owner.equals(applicationId)) {
                refused.add(executorId);
            }
        }
        return refused;
    }

    /**
     * Gives up waiting for a claimed executor to register (it is presumed gone), so its application may be granted
     * another.
     *
     * @return the application that claimed it, when the claim was still pending
     */
    public Optional<String> dropClaim(String executorId) {
        return Optional.ofNullable(pendingClaims.remove(executorId));
    }

    public Optional<RegisteredExecutor<R>> get(String executorId) {
        return Optional.ofNullable(executors.get(executorId)).map(Slot::snapshot);
    }

    /** Forgets a lost executor; the result names the application it worked for, which must be told. */
    public Optional<RegisteredExecutor<R>> remove(String executorId) {
        return Optional.ofNullable(executors.remove(executorId)).map(Slot::snapshot);
    }

    /** The application wants {@code count} executors in total from now on (0 keeps what it has). */
    public void request(String applicationId, int count) {
        if (count < 0) throw new IllegalArgumentException("cannot want " + count + " executors");
        wanted.put(applicationId, count);
    }

    /** Drops the application's request and frees its executors; returns them (they still name it as owner). */
    public List<RegisteredExecutor<R>> release(String applicationId) {
        wanted.remove(applicationId);
        pendingClaims.values().removeIf(applicationId::equals);
        List<RegisteredExecutor<R>> freed = new ArrayList<>();
        for (Slot<R> slot : executors.values()) {
            if (applicationId.equals(slot.owner)) {
                freed.add(slot.snapshot());
                slot.owner = null;
            }
        }
        return freed;
    }

    /** Gives free executors to the applications that want more, oldest request first. */
    public List<Grant<R>> allocateFree() {
        List<Grant<R>> grants = new ArrayList<>();
        Iterator<Slot<R>> free = executors.values().stream().filter(slot -> slot.owner == null).toList().iterator();
        for (Map.Entry<String, Integer> request : wanted.entrySet()) {
            String applicationId = request.getKey();
            for (int missing = request.getValue() - held(applicationId); missing > 0 && free.hasNext(); missing--) {
                Slot<R> slot = free.next();
                slot.owner = applicationId;
                grants.add(new Grant<>(applicationId, slot.info, slot.ref));
            }
        }
        return grants;
    }

    /** How many more executors the application wants than it holds (0 without a request). */
    public int missing(String applicationId) {
        return Math.max(0, wanted.getOrDefault(applicationId, 0) - held(applicationId));
    }

    /** Every registered executor, in registration order. */
    public List<RegisteredExecutor<R>> executors() {
        return executors.values().stream().map(Slot::snapshot).toList();
    }

    public int size() {
        return executors.size();
    }

    /** Claimed executors that have not registered. */
    public int pendingClaims() {
        return pendingClaims.size();
    }

    /** Registered executors working for the application, and those it claimed that have not registered. */
    private int held(String applicationId) {
        int count = 0;
        for (Slot<R> slot : executors.values()) {
            if (applicationId.equals(slot.owner)) count++;
        }
        for (String claimant : pendingClaims.values()) {
            if (applicationId.equals(claimant)) count++;
        }
        return count;
    }
}
