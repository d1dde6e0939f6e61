package dev.glasshouse.core.protocol;

/**
 * A reduce task could not read one map output block. Names the map side so the driver can recompute exactly
 * that map partition (lineage recovery).
 */
public record FetchFailure(int shuffleId, int mapPartition, int reducePartition, String executorId,
                           String blockServerAddress, String reason) implements CborSerializable {
    @Override
    public String toString() {
        return "fetch failed: shuffle " + shuffleId + " map partition " + mapPartition + " reduce partition "
                + reducePartition + " from executor " + executorId + " (" + blockServerAddress + "): " + reason;
    }
}
