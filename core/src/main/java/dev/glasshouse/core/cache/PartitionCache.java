package dev.glasshouse.core.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An executor's store of cached partitions, as tasks see it. Blocks are encoded rows; the store decides, by the
 * block's storage level and the memory left, whether a block lives in memory, on disk, or is not kept at all.
 * Thread-safe: every task slot uses it.
 */
public interface PartitionCache {

    /** The encoded rows of the block, or null when this executor does not hold it. Counts as a use (LRU). */
    InputStream read(String applicationId, CacheBlockId block) throws IOException;

    /** Starts writing a block. Nothing is visible to readers until {@link BlockWriter#commit()}. */
    BlockWriter write(String applicationId, CacheBlockId block, StorageLevel level) throws IOException;

    /** The executor this store belongs to, for error messages. */
    String executorId();

    interface BlockWriter extends AutoCloseable {
        OutputStream stream();

        /**
         * Keeps the block if its level and the free space allow (evicting least recently used blocks).
         *
         * @return where it is kept, or null when it was not kept (a MEMORY_ONLY block bigger than storage memory)
         */
        CachedBlock commit() throws IOException;

        /**
         * The rows written, readable once after {@link #commit()} whether or not the block was kept: the task that
         * computed the partition goes on with them.
         */
        InputStream readBack() throws IOException;

        /** Discards whatever is not kept (called on failure too). */
        @Override
        void close();
    }
}
