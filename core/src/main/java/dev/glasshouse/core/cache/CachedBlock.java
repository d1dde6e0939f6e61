package dev.glasshouse.core.cache;

import dev.glasshouse.core.protocol.CborSerializable;

/** A cached partition an executor holds, and what it takes there: bytes in storage memory and on local disk. */
public record CachedBlock(CacheBlockId id, long memoryBytes, long diskBytes) implements CborSerializable {
}
