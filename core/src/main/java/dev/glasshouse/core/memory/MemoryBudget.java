package dev.glasshouse.core.memory;

import com.typesafe.config.Config;

/**
 * How an executor divides its heap, after Spark's unified memory model but with fixed shares: of the heap,
 * {@code memoryFraction} is managed memory; of that, {@code storageFraction} holds cached partitions and the rest is
 * execution memory (aggregation, sort and join buffers), split evenly between the task slots. The remainder of
 * the heap is left for user objects, row batches in flight and Glasshouse's own bookkeeping.
 *
 * @param heapBytes the executor's memory setting ({@code --memory}); its JVM heap is sized to it
 */
public record MemoryBudget(long heapBytes, double memoryFraction, double storageFraction, int slots) {
    public MemoryBudget {
        if (heapBytes <= 0) throw new IllegalArgumentException("executor memory must be positive, got " + heapBytes);
        if (memoryFraction <= 0 || memoryFraction > 1) {
            throw new IllegalArgumentException("glasshouse.executor.memory-fraction must be in (0, 1], got "
                    + memoryFraction);
        }
        if (storageFraction < 0 || storageFraction >= 1) {
            throw new IllegalArgumentException("glasshouse.executor.storage-fraction must be in [0, 1), got "
                    + storageFraction);
        }
        if (slots < 1) throw new IllegalArgumentException("an executor needs at least one task slot, got " + slots);
    }

    /**
     * The budget of the executor this JVM runs as: {@code glasshouse.executor.memory-mb}, {@code .memory-fraction},
     * {@code .storage-fraction} and {@code .cores} (one task slot per core).
     */
    public static MemoryBudget fromConfig(Config config) {
        return new MemoryBudget(config.getLong("glasshouse.executor.memory-mb") << 20,
                config.getDouble("glasshouse.executor.memory-fraction"),
                config.getDouble("glasshouse.executor.storage-fraction"),
                config.getInt("glasshouse.executor.cores"));
    }

    public long managedBytes() {
        return (long) (heapBytes * memoryFraction);
    }

    /** Bytes of cached partitions the executor keeps in memory before evicting the least recently used. */
    public long storageBytes() {
        return (long) (managedBytes() * storageFraction);
    }

    /** Bytes one running task may hold in aggregation, sort and join buffers before it spills to disk. */
    public long executionBytesPerSlot() {
        return (managedBytes() - storageBytes()) / slots;
    }

    /** The memory setting as users wrote it, for error messages: "512 MB". */
    public String describeHeap() {
        return ByteSizes.describe(heapBytes);
    }

    /**
     * How {@link #executionBytesPerSlot()} follows from the settings, for error messages: "executor memory 512 MB ×
     * glasshouse.executor.memory-fraction 0.6 × (1 − storage-fraction 0.5) / 1 slot".
     */
    public String describeExecutionShare() {
        return "executor memory " + describeHeap() + " × glasshouse.executor.memory-fraction " + memoryFraction
                + " × (1 − storage-fraction " + storageFraction + ") / " + slots + (slots == 1 ? " slot" : " slots");
    }
}
