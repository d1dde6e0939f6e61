package dev.glasshouse.executor.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.cache.CacheBlockId;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.cache.StorageLevel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's cache: levels, LRU eviction within storage memory, and what the driver is told. */
class CacheStoreTest {
    private static final String APP = "app-1";

    @TempDir
    Path dir;

    private final List<String> drops = new ArrayList<>();

    private CacheStore store(long capacity) throws IOException {
        return new CacheStore("exec-1", dir.resolve("cache"), capacity,
                (app, blocks, reason) -> blocks.forEach(b -> drops.add(app + " " + b + ": " + reason)));
    }

    private static byte[] bytes(int size, int seed) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) seed);
        return data;
    }

    /** Writes a block as a task does, and returns what the store kept plus the rows read back. */
    private static CachedBlock put(PartitionCache store, String app, int dataset, int partition, StorageLevel level,
                                   byte[] data) throws IOException {
        PartitionCache.BlockWriter writer = store.write(app, new CacheBlockId(dataset, partition), level);
        writer.stream().write(data, 0, data.length);
        CachedBlock kept = writer.commit();
        try (InputStream back = writer.readBack()) {
            assertThat(back.readAllBytes()).as("the computing task reads back what it wrote").isEqualTo(data);
        }
        writer.close();
        return kept;
    }

    private static byte[] read(PartitionCache store, String app, int dataset, int partition) throws IOException {
        try (InputStream in = store.read(app, new CacheBlockId(dataset, partition))) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private long filesUnder(Path path) throws IOException {
        if (!Files.exists(path)) return 0;
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void memoryOnlyBlocksAreEvictedLeastRecentlyUsedFirstAndTheDriverIsTold() throws IOException {
        CacheStore store = store(1000);
        put(store, APP, 0, 0, StorageLevel.MEMORY_ONLY, bytes(400, 1));
        put(store, APP, 0, 1, StorageLevel.MEMORY_ONLY, bytes(400, 2));
        assertThat(read(store, APP, 0, 0)).as("touch partition 0: partition 1 is now least recently used").isNotNull();

        CachedBlock third = put(store, APP, 0, 2, StorageLevel.MEMORY_ONLY, bytes(400, 3));

        assertThat(third).isEqualTo(new CachedBlock(new CacheBlockId(0, 2), 400, 0));
        assertThat(read(store, APP, 0, 1)).isNull();
        assertThat(read(store, APP, 0, 0)).isEqualTo(bytes(400, 1));
        assertThat(read(store, APP, 0, 2)).isEqualTo(bytes(400, 3));
        assertThat(store.memoryUsed()).isEqualTo(800);
        assertThat(drops).containsExactly("app-1 cache 0 partition 1: evicted from executor exec-1's storage memory"
                + " to make room for cache 0 partition 2");
    }

    @Test
    void memoryAndDiskBlocksMoveToDiskWhenEvictedAndStayReadable() throws IOException {
        CacheStore store = store(1000);
        put(store, APP, 0, 0, StorageLevel.MEMORY_AND_DISK, bytes(600, 1));
        put(store, APP, 0, 1, StorageLevel.MEMORY_AND_DISK, bytes(600, 2));

        assertThat(read(store, APP, 0, 0)).isEqualTo(bytes(600, 1));
        assertThat(store.blocks(APP)).containsExactlyInAnyOrder(
                new CachedBlock(new CacheBlockId(0, 0), 0, 600), new CachedBlock(new CacheBlockId(0, 1), 600, 0));
        assertThat(drops).isEmpty();
    }

    @Test
    void aBlockBiggerThanStorageMemoryGoesToDiskOrIsNotKeptAtAll() throws IOException {
        CacheStore store = store(1000);

        assertThat(put(store, APP, 0, 0, StorageLevel.MEMORY_ONLY, bytes(5000, 1))).as("MEMORY_ONLY cannot keep it")
                .isNull();
        assertThat(read(store, APP, 0, 0)).isNull();
        assertThat(filesUnder(dir.resolve("cache"))).as("its temporary file is gone after the read-back").isZero();

        assertThat(put(store, APP, 0, 1, StorageLevel.MEMORY_AND_DISK, bytes(5000, 2)))
                .isEqualTo(new CachedBlock(new CacheBlockId(0, 1), 0, 5000));
        assertThat(put(store, APP, 0, 2, StorageLevel.DISK_ONLY, bytes(10, 3)))
                .isEqualTo(new CachedBlock(new CacheBlockId(0, 2), 0, 10));
        assertThat(read(store, APP, 0, 1)).isEqualTo(bytes(5000, 2));
        assertThat(read(store, APP, 0, 2)).isEqualTo(bytes(10, 3));
        assertThat(store.memoryUsed()).isZero();
    }

    @Test
    void unpersistAndApplicationEndDropBlocksAndFilesWithoutTellingTheDriver() throws IOException {
        CacheStore store = store(1000);
        put(store, APP, 0, 0, StorageLevel.MEMORY_ONLY, bytes(100, 1));
        put(store, APP, 1, 0, StorageLevel.DISK_ONLY, bytes(100, 2));
        put(store, "app-2", 0, 0, StorageLevel.MEMORY_ONLY, bytes(100, 3));

        store.dropDataset(APP, 1);
        assertThat(read(store, APP, 1, 0)).isNull();
        assertThat(read(store, APP, 0, 0)).isNotNull();
        assertThat(filesUnder(dir.resolve("cache").resolve(APP))).isZero();

        store.dropApplication(APP);
        assertThat(store.blocks(APP)).isEmpty();
        assertThat(read(store, "app-2", 0, 0)).as("other applications keep theirs").isEqualTo(bytes(100, 3));
        assertThat(store.memoryUsed()).isEqualTo(100);
        assertThat(drops).isEmpty();
    }

    @Test
    void anAbandonedWriteLeavesNothingBehind() throws IOException {
        CacheStore store = store(10);
        PartitionCache.BlockWriter writer = store.write(APP, new CacheBlockId(0, 0), StorageLevel.MEMORY_AND_DISK);
        writer.stream().write(bytes(100, 1));
        writer.close();

        assertThat(read(store, APP, 0, 0)).isNull();
        assertThat(filesUnder(dir.resolve("cache"))).isZero();
    }
}
