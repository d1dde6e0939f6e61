package dev.glasshouse.driver.scheduler;

import dev.glasshouse.core.exec.MapOutputLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which executor holds the output of each map partition of each shuffle. Shuffle output lives only on the
 * executor that wrote it, so losing an executor means unregistering its outputs here — and recomputing them.
 */
final class MapOutputRegistry {
    private final Map<Integer, MapOutputLocation[]> outputs = new HashMap<>();

    void registerShuffle(int shuffleId, int mapPartitions) {
        outputs.putIfAbsent(shuffleId, new MapOutputLocation[mapPartitions]);
    }

    void register(int shuffleId, MapOutputLocation location) {
        outputs.get(shuffleId)[location.mapPartition()] = location;
    }

    boolean isComplete(int shuffleId) {
        MapOutputLocation[] locations = outputs.get(shuffleId);
        if (locations == null) return false;
        for (MapOutputLocation location : locations) {
            if (location == null) return false;
        }
        return true;
    }

    /** Every registered location of the shuffle, by map partition; only called once it is complete. */
    List<MapOutputLocation> locations(int shuffleId) {
        return List.of(outputs.get(shuffleId));
    }

    /** Forgets one map output if it is still registered on that executor; true when something was removed. */
    boolean unregister(int shuffleId, int mapPartition, String executorId) {
        MapOutputLocation[] locations = outputs.get(shuffleId);
        if (locations == null || locations[mapPartition] == null) return false;
        if (!locations[mapPartition].executorId().equals(executorId)) return false;
        locations[mapPartition] = null;
        return true;
    }

    /** Forgets every output held by the executor; returns the lost map partitions per shuffle. */
    Map<Integer, List<Integer>> unregisterExecutor(String executorId) {
        Map<Integer, List<Integer>> lost = new HashMap<>();
        outputs.forEach((shuffleId, locations) -> {
            for (int p = 0; p < locations.length; p++) {
                if (locations[p] != null && locations[p].executorId().equals(executorId)) {
                    locations[p] = null;
                    lost.computeIfAbsent(shuffleId, k -> new ArrayList<>()).add(p);
                }
            }
        });
        return lost;
    }
}
