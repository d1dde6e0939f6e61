package dev.glasshouse.core.memory;

import java.nio.file.Path;

/**
 * What the tasks of one executor get for their aggregation, sort and join buffers: each task may hold
 * {@link MemoryBudget#executionBytesPerSlot()} of them, and writes what does not fit below {@code spillRoot}, one
 * directory per task attempt, deleted when the attempt ends.
 */
public record ExecutionMemory(MemoryBudget budget, Path spillRoot) {
    public ExecutionMemory {
        spillRoot = spillRoot.toAbsolutePath();
    }

    /**
     * For code that runs tasks outside an executor (tests, tools): this JVM's heap with the default fractions and
     * one slot, spilling into the system's temporary directory.
     */
    public static ExecutionMemory ofThisJvm() {
        return new ExecutionMemory(new MemoryBudget(Runtime.getRuntime().maxMemory(), 0.6, 0.5, 1),
                Path.of(System.getProperty("java.io.tmpdir"), "glasshouse-spill"));
    }
}
