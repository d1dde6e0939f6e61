package dev.glasshouse.core.cache;

import dev.glasshouse.core.protocol.CborSerializable;

/** One partition of one persisted dataset of an application (dataset ids are unique within an application). */
public record CacheBlockId(int datasetId, int partition) implements CborSerializable {
    @Override
    public String toString() {
        return "cache " + datasetId + " partition " + partition;
    }
}
