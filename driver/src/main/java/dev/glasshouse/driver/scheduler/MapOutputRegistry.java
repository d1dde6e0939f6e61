package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.exec.MapOutputLocation;
import dev.glasshouse.core.protocol.FetchFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which executor holds the output of each map partition of each shuffle, and since when. Shuffle output lives
 * only on the executor that wrote it, so losing an executor means unregistering its outputs here — and
 * recomputing them.
 *
 * <p>Time is counted in loss epochs (Spark's epoch): the epoch goes up whenever outputs are lost. A task
 * remembers the epoch it was launched in, an output the epoch it was registered in; so a fetch failure naming an
 * output registered after its task started is stale (the output it could not read was replaced since).
 */
final class MapOutputRegistry {
    private record Shuffle(MapOutputLocation[] locations, long[] epochs) {
    }

    private final Map<Integer, Shuffle> shuffles = new TreeMap<>();
    /** The epoch in which each live executor's shuffle blocks last failed to be fetched. */
    private final Map<String, Long> fetchFailedInEpoch = new HashMap<>();
    private long epoch;

    long epoch() {
        return epoch;
    }

    void registerShuffle(int shuffleId, int mapPartitions) {
        shuffles.putIfAbsent(shuffleId, new Shuffle(new MapOutputLocation[mapPartitions], new long[mapPartitions]));
    }

    /** Its job ended: nobody reads the shuffle again. */
    void removeShuffle(int shuffleId) {
        shuffles.remove(shuffleId);
    }

    void register(int shuffleId, MapOutputLocation location) {
        Shuffle shuffle = shuffles.get(shuffleId);
        if (shuffle == null) return;
        shuffle.locations[location.mapPartition()] = location;
        shuffle.epochs[location.mapPartition()] = epoch;
    }

    boolean isComplete(int shuffleId) {
        Shuffle shuffle = shuffles.get(shuffleId);
        return shuffle != null && Arrays.stream(shuffle.locations).allMatch(l -> l != null);
    }

    /** Every registered location of the shuffle, by map partition; only called once it is complete. */
    List<MapOutputLocation> locations(int shuffleId) {
        return List.of(shuffles.get(shuffleId).locations);
    }

    /**
     * A task launched in {@code launchEpoch} could not fetch a map output. Unless that is stale (the output is no
     * longer registered there, or was registered after the task started), the executor's block server is evidently
     * gone: every output of the shuffle it held is forgotten, not just the one named, and map outputs it wrote
     * for tasks launched before now are not trusted. Returns the map partitions lost, ascending; none when stale.
     */
    List<Integer> fetchFailed(FetchFailure failure, long launchEpoch) {
        Shuffle shuffle = shuffles.get(failure.shuffleId());
        if (shuffle == null) return List.of();
        MapOutputLocation registered = shuffle.locations[failure.mapPartition()];
        if (registered == null || !registered.executorId().equals(failure.executorId())
                || shuffle.epochs[failure.mapPartition()] > launchEpoch) {
            return List.of();
        }
        epoch++;
        fetchFailedInEpoch.put(failure.executorId(), epoch);
        return unregister(failure.shuffleId(), failure.executorId());
    }

    /**
     * Whether a map output the executor wrote for a task launched in {@code launchEpoch} can be used: not when the
     * executor's blocks failed to be fetched after the task started (Spark ignores such "possibly bogus" map task
     * completions).
     */
    boolean trusts(String executorId, long launchEpoch) {
        return launchEpoch >= fetchFailedInEpoch.getOrDefault(executorId, -1L);
    }

    private List<Integer> unregister(int shuffleId, String executorId) {
        List<Integer> lost = new ArrayList<>();
        Shuffle shuffle = shuffles.get(shuffleId);
        if (shuffle == null) return lost;
        for (int p = 0; p < shuffle.locations.length; p++) {
            if (shuffle.locations[p] != null && shuffle.locations[p].executorId().equals(executorId)) {
                shuffle.locations[p] = null;
                lost.add(p);
            }
        }
        return lost;
    }

    /** The executor is gone: forgets every output it held; returns the lost map partitions per shuffle. */
    Map<Integer, List<Integer>> executorLost(String executorId) {
        epoch++;
        fetchFailedInEpoch.remove(executorId);
        Map<Integer, List<Integer>> lost = new TreeMap<>();
        for (int shuffleId : shuffles.keySet()) {
            List<Integer> partitions = unregister(shuffleId, executorId);
            if (!partitions.isEmpty()) lost.put(shuffleId, partitions);
        }
        return lost;
    }

    /** Shuffles still registered (those of active jobs). */
    List<Integer> shuffleIds() {
        return List.copyOf(shuffles.keySet());
    }
}
