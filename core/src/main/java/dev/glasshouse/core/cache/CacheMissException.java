package dev.glasshouse.core.cache;

/**
 * A task was planned to read a cached partition without its lineage (the driver believed every partition was
 * cached, so it skipped the stages that compute it), but the executor no longer holds it: evicted or dropped in the
 * meantime. The driver forgets that location and plans the job again, this time with the lineage.
 */
public final class CacheMissException extends RuntimeException {
    /** Starts the error text the driver receives, so it can tell a cache miss from a failure of the task's code. */
    public static final String PREFIX = "cache miss: ";

    private final CacheBlockId block;

    public CacheMissException(CacheBlockId block, String executorId) {
        super(PREFIX + block + " is no longer on executor " + executorId + " (evicted or dropped)");
        this.block = block;
    }

    public CacheBlockId block() {
        return block;
    }
}
