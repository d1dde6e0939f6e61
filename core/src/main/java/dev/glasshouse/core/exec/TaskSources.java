package dev.glasshouse.core.exec;

import dev.glasshouse.core.cache.CacheMissException;
import dev.glasshouse.core.cache.CachedBlock;
import dev.glasshouse.core.cache.PartitionCache;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowEncoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Opens every source one task reads — its main source, the parts of a concatenation, and the build side of a
 * hash join — and keeps the leaf readers so the task's metrics add up all of them and closing the task closes
 * them all. Also hands operators the task's {@link TaskMemory}. Not thread-safe: one task's thread uses it.
 */
public final class TaskSources implements AutoCloseable {
    private final String applicationId;
    private final int partition;
    private final TaskEnvironment env;
    private final TaskMemory memory;
    private final List<SourceReader> readers = new ArrayList<>();
    private final List<CachedBlock> storedBlocks = new ArrayList<>();
    private int cachedPartitions;

    TaskSources(String applicationId, int partition, TaskEnvironment env, TaskMemory memory) {
        this.applicationId = applicationId;
        this.partition = partition;
        this.env = env;
        this.memory = memory;
    }

    /** The partition the task computes: seeds per-partition randomness, so a retried task repeats its choices. */
    public int partition() {
        return partition;
    }

    /** The task's execution memory: what its aggregations, sorts and joins may buffer, and where they spill. */
    public TaskMemory memory() {
        return memory;
    }

    /** The rows of a source, streamed; leaves are opened at once, the parts of a {@code Concat} lazily. */
    public Iterator<Row> open(PartitionSource source) {
        if (source instanceof PartitionSource.Concat concat) {
            return concatenate(concat.parts());
        } else if (source instanceof PartitionSource.Piped piped) {
            Iterator<Row> rows = open(piped.source());
            for (PartitionOperator operator : piped.operators()) rows = operator.apply(rows, this);
            return rows;
        } else if (source instanceof PartitionSource.Cached cached) {
            return openCached(cached);
        } else {
            SourceReader reader = SourceReader.open(source, applicationId, env);
            readers.add(reader);
            return reader;
        }
    }

    /**
     * A cached partition: read from this executor's cache, or computed whole from its lineage into the cache first
     * (as Spark's getOrCompute does: a partially consumed partition, under a limit, must not be cached as if
     * complete), then read back.
     */
    private Iterator<Row> openCached(PartitionSource.Cached cached) {
        PartitionCache cache = env.cache();
        try {
            InputStream rows = cache.read(applicationId, cached.block());
            if (rows != null) {
                cachedPartitions++;
            } else if (cached.lineage() == null) {
                throw new CacheMissException(cached.block(), cache.executorId());
            } else {
                rows = computeIntoCache(cached, cache);
            }
            SourceReader reader = new SourceReader.CachedRows(cached.schema().types(), rows);
            readers.add(reader);
            return reader;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write " + cached.block() + ": " + e.getMessage(), e);
        }
    }

    private InputStream computeIntoCache(PartitionSource.Cached cached, PartitionCache cache) throws IOException {
        PartitionCache.BlockWriter writer = cache.write(applicationId, cached.block(), cached.level());
        try {
            OutputStream out = new BufferedOutputStream(writer.stream(), 64 * 1024);
            RowEncoder encoder = new RowEncoder(cached.schema().types(), out);
            Iterator<Row> rows = open(cached.lineage());
            while (rows.hasNext()) encoder.write(rows.next());
            out.flush();
            CachedBlock kept = writer.commit();
            if (kept != null) storedBlocks.add(kept);
            return writer.readBack();
        } catch (IOException | RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    /** Partitions of persisted datasets this task read from the cache. */
    int cachedPartitions() {
        return cachedPartitions;
    }

    /** Partitions of persisted datasets this task computed and the executor kept. */
    List<CachedBlock> storedBlocks() {
        return List.copyOf(storedBlocks);
    }

    private Iterator<Row> concatenate(List<PartitionSource> parts) {
        return new Iterator<>() {
            private int next;
            private Iterator<Row> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (next >= parts.size()) return false;
                    current = open(parts.get(next++));
                }
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return current.next();
            }
        };
    }

    long inputBytes() {
        return readers.stream().mapToLong(SourceReader::inputBytes).sum();
    }

    long inputRows() {
        return readers.stream().mapToLong(SourceReader::inputRows).sum();
    }

    long shuffleBytes() {
        return readers.stream().mapToLong(SourceReader::shuffleBytes).sum();
    }

    long shuffleRows() {
        return readers.stream().mapToLong(SourceReader::shuffleRows).sum();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (SourceReader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
