package dev.glasshouse.core.cache;

/**
 * Where an executor keeps the partitions of a persisted dataset, as in Spark. Partitions are kept as encoded rows
 * (the compact block format), so their size in memory is exact and a reader decodes them like a shuffle block.
 */
public enum StorageLevel {
    /** In the executor's storage memory only. A partition that does not fit, or is evicted, is recomputed. */
    MEMORY_ONLY(true, false),
    /** In storage memory while it fits; a partition that does not fit, or is evicted, goes to local disk. */
    MEMORY_AND_DISK(true, true),
    /** On the executor's local disk only. */
    DISK_ONLY(false, true),
    /** Not persisted: what {@code storageLevel()} says of a dataset that is not, or no longer, cached. */
    NONE(false, false);

    private final boolean useMemory;
    private final boolean useDisk;

    StorageLevel(boolean useMemory, boolean useDisk) {
        this.useMemory = useMemory;
        this.useDisk = useDisk;
    }

    public boolean useMemory() {
        return useMemory;
    }

    public boolean useDisk() {
        return useDisk;
    }
}
