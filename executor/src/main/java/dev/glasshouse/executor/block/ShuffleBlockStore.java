package dev.glasshouse.executor.block;

import dev.glasshouse.core.block.BlockUrls;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.io.FileTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The blocks this executor's tasks wrote, on local disk, one file per block:
 * <pre>
 *   {workDir}/{applicationId}/shuffle-{shuffleId}/map-{m}/reduce-{r}.data   shuffle block of map m for reduce r
 *   {workDir}/{applicationId}/result-{stageId}/part-{p}.data                 result block of partition p
 * </pre>
 * A block file holds the row-encoded bytes and nothing else, so the block server streams it as it is.
 *
 * <p>Invariant: a file under a block's name is always a whole block. Writers write to a hidden temporary file
 * ({@code .reduce-{r}.data.{uuid}.tmp}) beside it and commit by an atomic rename, which also replaces the block
 * of an earlier attempt whole; a reader holding the old file open keeps reading the old bytes. A map task's
 * blocks are renamed one after another, but nobody reads them before its commit returns: the driver sends
 * reduce tasks only after the map task has reported success.
 *
 * <p>Thread-safe: tasks write concurrently, the block server reads concurrently.
 */
public final class ShuffleBlockStore {
    private final Path workDir;
    /** Applications whose blocks were deleted: their late tasks may not write again and leak files. */
    private final Set<String> endedApplications = ConcurrentHashMap.newKeySet();
    /** Application directories this store created, the only ones {@link #deleteAllApplications()} removes. */
    private final Set<String> createdApplications = ConcurrentHashMap.newKeySet();
    /** Commits take the read lock, deleting an application the write lock: no commit lands in a deleted tree. */
    private final ReadWriteLock deletion = new ReentrantReadWriteLock();

    public ShuffleBlockStore(Path workDir) throws IOException {
        this.workDir = Files.createDirectories(workDir.toAbsolutePath());
    }

    public Path workDir() {
        return workDir;
    }

    /** Where the committed shuffle block lives; the file exists only once the map task committed. */
    public Path shuffleBlockFile(String applicationId, int shuffleId, int mapPartition, int reducePartition) {
        return mapOutputDir(applicationId, shuffleId, mapPartition).resolve("reduce-" + reducePartition + ".data");
    }

    /** Where the committed result block lives; the file exists only once the result task committed. */
    public Path resultBlockFile(String applicationId, int stageId, int partition) {
        return resultDir(applicationId, stageId).resolve("part-" + partition + ".data");
    }

    /** Starts the output of one map task: one block per reduce partition, all empty until written. */
    public TaskEnvironment.ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                                             int reducePartitions) throws IOException {
        createDirectoriesFor(applicationId, mapOutputDir(applicationId, shuffleId, mapPartition));
        Path[] targets = new Path[reducePartitions];
        for (int r = 0; r < reducePartitions; r++) {
            targets[r] = shuffleBlockFile(applicationId, shuffleId, mapPartition, r);
        }
        return new ShuffleWriter(applicationId, targets);
    }

    /** Starts the result block of one result task. */
    public TaskEnvironment.BlockOutput createResultBlock(String applicationId, int stageId, int partition)
            throws IOException {
        createDirectoriesFor(applicationId, resultDir(applicationId, stageId));
        return new ResultWriter(applicationId, resultBlockFile(applicationId, stageId, partition));
    }

    /**
     * Deletes every block of the application and refuses its blocks from now on: a task of the application that
     * is still running fails at commit instead of leaving files nobody will delete.
     */
    public void deleteApplication(String applicationId) throws IOException {
        Path dir = applicationDir(applicationId);
        deletion.writeLock().lock();
        try {
            endedApplications.add(applicationId);
            createdApplications.remove(applicationId);
            FileTrees.deleteRecursively(dir);
        } finally {
            deletion.writeLock().unlock();
        }
    }

    /** Deletes the blocks of every application this store wrote (the executor is going away). */
    public void deleteAllApplications() throws IOException {
        for (String applicationId : Set.copyOf(createdApplications)) deleteApplication(applicationId);
    }

    private Path applicationDir(String applicationId) {
        return workDir.resolve(BlockUrls.requireSafeName(applicationId));
    }

    private Path mapOutputDir(String applicationId, int shuffleId, int mapPartition) {
        return applicationDir(applicationId).resolve("shuffle-" + requireNonNegative(shuffleId))
                .resolve("map-" + requireNonNegative(mapPartition));
    }

    private Path resultDir(String applicationId, int stageId) {
        return applicationDir(applicationId).resolve("result-" + requireNonNegative(stageId));
    }

    private void createDirectoriesFor(String applicationId, Path dir) throws IOException {
        deletion.readLock().lock();
        try {
            requireRunning(applicationId);
            createdApplications.add(applicationId);
            Files.createDirectories(dir);
        } finally {
            deletion.readLock().unlock();
        }
    }

    private void requireRunning(String applicationId) throws IOException {
        if (endedApplications.contains(applicationId)) {
            throw new IOException("application " + applicationId + " has ended; its blocks were deleted");
        }
    }

    private static int requireNonNegative(int id) {
        if (id < 0) throw new IllegalArgumentException("block ids are non-negative, got " + id);
        return id;
    }

    private static Path temporaryFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }

    /** One block being written to its temporary file, opened on first use. Used by one task thread. */
    private static final class PendingBlock {
        final Path target;
        final Path temporary;
        OutputStream stream;

        PendingBlock(Path target) {
            this.target = target;
            this.temporary = temporaryFor(target);
        }

        OutputStream stream() {
            if (stream == null) {
                try {
                    stream = Files.newOutputStream(temporary);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create block file " + temporary, e);
                }
            }
            return stream;
        }

        /** Closes the temporary file (creating it empty if nothing was written) and returns its size. */
        long finish() throws IOException {
            stream().close();
            return Files.size(temporary);
        }

        void rename() throws IOException {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }

        void discard() {
            try {
                if (stream != null) stream.close();
            } catch (IOException ignored) {
                // The file is deleted next; what it failed to flush does not matter.
            }
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Only a hidden temporary file stays behind; deleteApplication removes it with its directory.
            }
        }
    }

    private final class ShuffleWriter implements TaskEnvironment.ShuffleOutput {
        private final String applicationId;
        private final PendingBlock[] blocks;

        ShuffleWriter(String applicationId, Path[] targets) {
            this.applicationId = applicationId;
            this.blocks = new PendingBlock[targets.length];
            for (int r = 0; r < targets.length; r++) blocks[r] = new PendingBlock(targets[r]);
        }

        @Override
        public OutputStream partition(int reducePartition) {
            return blocks[reducePartition].stream();
        }

        /** Every reduce partition gets a block, empty if no row went to it: a missing block means a lost one. */
        @Override
        public long[] commit() throws IOException {
            deletion.readLock().lock();
            try {
                requireRunning(applicationId);
                long[] sizes = new long[blocks.length];
                for (int r = 0; r < blocks.length; r++) sizes[r] = blocks[r].finish();
                for (PendingBlock block : blocks) block.rename();
                return sizes;
            } finally {
                deletion.readLock().unlock();
            }
        }

        @Override
        public void close() {
            for (PendingBlock block : blocks) block.discard();
        }
    }

    private final class ResultWriter implements TaskEnvironment.BlockOutput {
        private final String applicationId;
        private final PendingBlock block;

        ResultWriter(String applicationId, Path target) {
            this.applicationId = applicationId;
            this.block = new PendingBlock(target);
        }

        @Override
        public OutputStream stream() {
            return block.stream();
        }

        @Override
        public long commit() throws IOException {
            deletion.readLock().lock();
            try {
                requireRunning(applicationId);
                long size = block.finish();
                block.rename();
                return size;
            } finally {
                deletion.readLock().unlock();
            }
        }

        @Override
        public void close() {
            block.discard();
        }
    }
}
