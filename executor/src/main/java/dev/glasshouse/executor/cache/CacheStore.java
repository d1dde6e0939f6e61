package dev.glasshouse.executor.cache;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.cache.StorageLevel;
import dev.glasshouse.core.io.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This executor's cached partitions: encoded rows in storage memory (at most {@code memoryCapacity} bytes, shared by
 * every application) or in files under {@code directory}. When a new memory block needs room, the least recently
 * used memory blocks make way: MEMORY_AND_DISK blocks move to disk, MEMORY_ONLY blocks are dropped and the
 * application's driver hears of it through the {@link DropListener}.
 *
 * <p>Invariant: {@code memoryUsed} is the sum of the sizes of the memory entries, never above
 * {@code memoryCapacity}. All entry bookkeeping is under the store's lock; disk writes of evicted blocks happen
 * under it too (simple, and only eviction pays for it).
 */
public final class CacheStore implements PartitionCache {

    /** Told of blocks the store let go of on its own (not those an application asked to drop). */
    @FunctionalInterface
    public interface DropListener {
        void dropped(String applicationId, List<CacheBlockId> blocks, String reason);
    }

    private record Key(String applicationId, CacheBlockId block) {
    }

    /** A kept block: exactly one of {@code bytes} (in memory) and {@code file} (on disk) is set. */
    private record Entry(StorageLevel level, byte[] bytes, Path file, long size) {
        boolean inMemory() {
            return bytes != null;
        }
    }

    private final String executorId;
    private final Path directory;
    private final long memoryCapacity;
    private final DropListener listener;
    /** Access-ordered: iteration starts at the least recently used block. */
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long memoryUsed;

    public CacheStore(String executorId, Path directory, long memoryCapacity, DropListener listener)
            throws IOException {
        this.executorId = executorId;
        this.directory = Files.createDirectories(directory.toAbsolutePath());
        this.memoryCapacity = memoryCapacity;
        this.listener = listener;
    }

    @Override
    public String executorId() {
        return executorId;
    }

    @Override
    public InputStream read(String applicationId, CacheBlockId block) throws IOException {
        Entry entry;
        synchronized (this) {
            entry = entries.get(new Key(applicationId, block));
        }
        if (entry == null) return null;
        if (entry.inMemory()) return new ByteArrayInputStream(entry.bytes());
        try {
            return Files.newInputStream(entry.file());
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // dropped between the lookup and the open: a miss like any other
        }
    }

    @Override
    public BlockWriter write(String applicationId, CacheBlockId block, StorageLevel level) throws IOException {
        if (level == StorageLevel.NONE) throw new IllegalArgumentException("cannot cache " + block + " at level NONE");
        return new Writer(new Key(applicationId, block), level);
    }

    public synchronized long memoryUsed() {
        return memoryUsed;
    }

    public long memoryCapacity() {
        return memoryCapacity;
    }

    /** The blocks of one application this store keeps, for tests and the UI. */
    public synchronized List<CachedBlock> blocks(String applicationId) {
        List<CachedBlock> blocks = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (key.applicationId().equals(applicationId)) {
                blocks.add(new CachedBlock(key.block(), entry.inMemory() ? entry.size() : 0,
                        entry.inMemory() ? 0 : entry.size()));
            }
        });
        return blocks;
    }

    /** The application unpersisted a dataset: forget its partitions here. */
    public void dropDataset(String applicationId, int datasetId) {
        List<Entry> removed = new ArrayList<>();
        synchronized (this) {
            Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Entry> e = it.next();
                if (e.getKey().applicationId().equals(applicationId) && e.getKey().block().datasetId() == datasetId) {
                    removed.add(e.getValue());
                    release(e.getValue());
                    it.remove();
                }
            }
        }
        removed.forEach(CacheStore::deleteFile);
    }

    /** The application ended: forget all its partitions and delete its directory. */
    public void dropApplication(String applicationId) throws IOException {
        synchronized (this) {
            Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Key, Entry> e = it.next();
                if (e.getKey().applicationId().equals(applicationId)) {
                    release(e.getValue());
                    it.remove();
                }
            }
        }
        FileTrees.deleteRecursively(directory.resolve(applicationId));
    }

    /** Deletes every cached file: the executor is going away. */
    public void deleteAll() throws IOException {
        synchronized (this) {
            entries.clear();
            memoryUsed = 0;
        }
        FileTrees.deleteRecursively(directory);
    }

    private void release(Entry entry) {
        if (entry.inMemory()) memoryUsed -= entry.size();
    }

    private static void deleteFile(Entry entry) {
        if (entry.file() == null) return;
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete cached block " + entry.file(), e);
        }
    }

    private Path blockFile(Key key) {
        return directory.resolve(key.applicationId())
                .resolve("cache-" + key.block().datasetId() + "-part-" + key.block().partition() + ".data");
    }

    /**
     * Keeps a block of {@code size} bytes in memory if it can make room by evicting other memory blocks.
     *
     * @return false when the block is bigger than the whole storage memory
     */
    private boolean putInMemory(Key key, StorageLevel level, byte[] bytes) throws IOException {
        List<CacheBlockId> dropped = new ArrayList<>();
        synchronized (this) {
            if (bytes.length > memoryCapacity) return false;
            Entry previous = entries.remove(key);
            if (previous != null) {
                release(previous);
                deleteFile(previous);
            }
            Iterator<Map.Entry<Key, Entry>> lru = entries.entrySet().iterator();
            while (memoryUsed + bytes.length > memoryCapacity && lru.hasNext()) {
                Map.Entry<Key, Entry> victim = lru.next();
                Entry entry = victim.getValue();
                if (!entry.inMemory()) continue;
                memoryUsed -= entry.size();
                if (entry.level().useDisk()) {
                    Path file = blockFile(victim.getKey());
                    Files.createDirectories(file.getParent());
                    Files.write(file, entry.bytes());
                    victim.setValue(new Entry(entry.level(), null, file, entry.size()));
                } else {
                    lru.remove();
                    if (victim.getKey().applicationId().equals(key.applicationId())) {
                        dropped.add(victim.getKey().block());
                    } else {
                        listener.dropped(victim.getKey().applicationId(), List.of(victim.getKey().block()),
                                "evicted from executor " + executorId + "'s storage memory");
                    }
                }
            }
            entries.put(key, new Entry(level, bytes, null, bytes.length));
            memoryUsed += bytes.length;
        }
        if (!dropped.isEmpty()) {
            listener.dropped(key.applicationId(), dropped, "evicted from executor " + executorId
                    + "'s storage memory to make room for " + key.block());
        }
        return true;
    }

    private synchronized void putOnDisk(Key key, StorageLevel level, Path file, long size) {
        Entry previous = entries.remove(key);
        if (previous != null) release(previous);
        entries.put(key, new Entry(level, null, file, size));
    }

    /**
     * Writes into memory while the block could still fit in storage memory, then into a file: the block's final
     * file for a level that may use disk, a temporary one (gone after {@link #readBack()}) for MEMORY_ONLY.
     */
    private final class Writer implements BlockWriter {
        private final Key key;
        private final StorageLevel level;
        private final ExposedBuffer memory;
        private final OutputStream stream;
        private Path temporary;
        private OutputStream file;
        private long size;
        private boolean committed;
        private Path keptFile;

        Writer(Key key, StorageLevel level) throws IOException {
            this.key = key;
            this.level = level;
            this.memory = level.useMemory() ? new ExposedBuffer() : null;
            if (memory == null) openFile();
            this.stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    size += len;
                    if (file == null && size > memoryCapacity) spillToFile();
                    if (file != null) {
                        file.write(b, off, len);
                    } else {
                        memory.write(b, off, len);
                    }
                }
            };
        }

        private void openFile() throws IOException {
            Path target = blockFile(key);
            Files.createDirectories(target.getParent());
            temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            file = Files.newOutputStream(temporary);
        }

        /** The block can no longer fit in storage memory: go on in a file. */
        private void spillToFile() throws IOException {
            openFile();
            file.write(memory.array(), 0, memory.size());
            memory.reset();
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public CachedBlock commit() throws IOException {
            committed = true;
            if (file == null) {
                return putInMemory(key, level, memory.toByteArray()) ? new CachedBlock(key.block(), size, 0) : null;
            }
            file.close();
            if (!level.useDisk()) return null;
            keptFile = blockFile(key);
            Files.move(temporary, keptFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            putOnDisk(key, level, keptFile, size);
            return new CachedBlock(key.block(), 0, size);
        }

        @Override
        public InputStream readBack() throws IOException {
            if (!committed) throw new IllegalStateException("readBack before commit of " + key.block());
            if (file == null) return new ByteArrayInputStream(memory.array(), 0, memory.size());
            if (keptFile != null) return Files.newInputStream(keptFile);
            Path own = temporary;
            temporary = null; // the stream deletes it now
            return new FilterInputStream(Files.newInputStream(own)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    Files.deleteIfExists(own);
                }
            };
        }

        @Override
        public void close() {
            try {
                if (file != null) file.close();
                if (temporary != null) Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException("could not discard an unfinished cached block of " + key.block(), e);
            }
        }
    }

    /** A byte buffer whose contents can be read without a copy. */
    private static final class ExposedBuffer extends java.io.ByteArrayOutputStream {
        ExposedBuffer() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
