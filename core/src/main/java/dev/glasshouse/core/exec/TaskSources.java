package dev.glasshouse.core.exec;

import dev.glasshouse.core.row.Row;
import java.io.IOException;
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
        } else {
            SourceReader reader = SourceReader.open(source, applicationId, env);
            readers.add(reader);
            return reader;
        }
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
