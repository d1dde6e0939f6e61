package dev.glasshouse.core.exec;

import dev.glasshouse.core.exec.spill.SpillReader;
import dev.glasshouse.core.exec.spill.SpillWriter;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.memory.ByteSizes;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.memory.MemoryBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One task attempt's execution memory: the bytes its aggregation, sort and join buffers may hold together, the
 * directory they spill to, and the bytes spilled so far (reported in the task's metrics). Operators count what
 * they buffer through a {@link Reservation} each; one that finds the task over its limit writes its buffer to
 * disk and releases it. Closing deletes every spill file of the attempt.
 *
 * <p>Not thread-safe: one task's thread uses it.
 */
public final class TaskMemory implements AutoCloseable {
    /**
     * Every reservation may grow to this share of the limit even when others hold the rest, so an operator late in
     * a pipeline (an aggregation after a join holding its build side) spills in sensible runs, not row by row.
     * The task may thus exceed its limit by a fraction of it: the heap outside managed memory absorbs that.
     */
    private static final int FLOOR_DIVISOR = 8;

    private final int stageId;
    private final int partition;
    private final MemoryBudget budget;
    private final long limitBytes;
    private final Path spillDirectory;
    /** Spill files opened by this attempt, closed by {@link #close()} when a failure left them open. */
    private final List<AutoCloseable> openFiles = new ArrayList<>();
    private long usedBytes;
    private long spilledBytes;
    private int spillFiles;
    private boolean directoryCreated;

    /**
     * @param attemptName names the attempt's spill directory below the spill root; unique on the executor
     */
    public TaskMemory(int stageId, int partition, ExecutionMemory memory, String attemptName) {
        this.stageId = stageId;
        this.partition = partition;
        this.budget = memory.budget();
        this.limitBytes = budget.executionBytesPerSlot();
        this.spillDirectory = memory.spillRoot().resolve(attemptName);
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** Bytes written to spill files so far, including files already deleted. */
    public long spilledBytes() {
        return spilledBytes;
    }

    /** Starts counting the buffer of one operator. */
    public Reservation reserve() {
        return new Reservation();
    }

    /** Starts a new spill file in the attempt's spill directory; {@code kind} names it ("sort", "join-build"). */
    SpillWriter newSpillFile(String kind) {
        try {
            if (!directoryCreated) {
                Files.createDirectories(spillDirectory);
                directoryCreated = true;
            }
            SpillWriter writer = new SpillWriter(spillDirectory.resolve(kind + "-" + (spillFiles++) + ".spill"));
            openFiles.add(writer);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spill file in " + spillDirectory, e);
        }
    }

    /** Closes a finished spill file and counts its bytes as spilled. */
    void finishSpillFile(SpillWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spill file " + writer.file(), e);
        }
        spilledBytes += writer.bytesWritten();
    }

    /** Reads a finished spill file back; with {@code deleteWhenDone} the file goes once read or closed. */
    SpillReader readSpillFile(Path file, boolean deleteWhenDone) {
        try {
            SpillReader reader = new SpillReader(file, deleteWhenDone);
            openFiles.add(reader);
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the spill file " + file, e);
        }
    }

    /** "stage 3, partition 5", the start of every memory error, so users find the task in the job's stages. */
    String taskName() {
        return "stage " + stageId + ", partition " + partition;
    }

    /**
     * The error of an operator that cannot go on even by spilling, e.g. a join whose build rows of one key exceed
     * the limit: {@code problem} says what did not fit ("the join's build side holds 230 MB for a single key
     * [customer_id=42]").
     */
    TaskOutOfMemoryException cannotFit(String problem, String advice) {
        return new TaskOutOfMemoryException(taskName() + ": " + problem + ", more than this task's execution memory of "
                + ByteSizes.describe(limitBytes) + " (" + budget.describeExecutionShare() + "). " + advice, null);
    }

    /** A JVM {@link OutOfMemoryError} inside the task, turned into a task failure that says where and with what. */
    TaskOutOfMemoryException outOfMemory(OutOfMemoryError error) {
        return new TaskOutOfMemoryException(taskName() + " ran out of memory (" + error.getMessage()
                + ") on an executor with " + budget.describeHeap() + " of memory (--memory); the task could buffer "
                + ByteSizes.describe(limitBytes) + " of execution memory (" + budget.describeExecutionShare()
                + "). Give executors more --memory, use more partitions, or salt a skewed key.", error);
    }

    /** Closes and deletes the attempt's spill files. */
    @Override
    public void close() throws IOException {
        for (AutoCloseable file : openFiles) {
            try {
                file.close();
            } catch (Exception e) {
                // The directory is deleted below; a file that fails to close is deleted with it.
            }
        }
        openFiles.clear();
        if (directoryCreated) FileTrees.deleteRecursively(spillDirectory);
    }

    /**
     * The bytes one operator buffers. Grow it as rows come in; when {@link #grow} says the task is over its limit,
     * spill and {@link #release()}.
     */
    public final class Reservation {
        private long held;

        private Reservation() {
        }

        /**
         * Counts {@code bytes} more (already in memory) and says whether the holder may keep buffering: true while
         * the task stays within its limit or this reservation holds less than its floor.
         */
        public boolean grow(long bytes) {
            held += bytes;
            usedBytes += bytes;
            return usedBytes <= limitBytes || held <= limitBytes / FLOOR_DIVISOR;
        }

        public long held() {
            return held;
        }

        /** The holder dropped its buffer (spilled it or emitted it). Idempotent. */
        public void release() {
            usedBytes -= held;
            held = 0;
        }
    }
}
