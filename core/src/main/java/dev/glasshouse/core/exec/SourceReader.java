package dev.glasshouse.core.exec;

import dev.glasshouse.core.expr.And;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.format.FileFormats;
import dev.glasshouse.core.format.HivePartitions;
import dev.glasshouse.core.format.RowFileReader;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowDecoder;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The rows of a {@link PartitionSource}, streamed, with the bytes and rows it read counted for metrics. */
abstract sealed class SourceReader implements Iterator<Row>, AutoCloseable {

    static SourceReader open(PartitionSource source, String applicationId, TaskEnvironment env) {
        if (source instanceof PartitionSource.FileScan file) {
            return new File(file, env);
        } else if (source instanceof PartitionSource.ShuffleRead shuffle) {
            return new Shuffle(shuffle, applicationId, env);
        } else if (source instanceof PartitionSource.Range range) {
            return new NumberRange(range);
        } else {
            throw new IllegalStateException("unexpected " + source);
        }
    }

    long inputBytes() {
        return 0;
    }

    long inputRows() {
        return 0;
    }

    long shuffleBytes() {
        return 0;
    }

    long shuffleRows() {
        return 0;
    }

    @Override
    public abstract void close() throws IOException;

    /**
     * One file split read from S3. Partition columns are not in the file: their values come from the split's
     * {@code name=value} directories, the same for every row. Pushed filters are tested here, before a row leaves
     * the source; {@link #inputRows} still counts every row read from the file.
     */
    static final class File extends SourceReader {
        private final RowFileReader reader;
        private final Iterator<Row> rows;
        /** For each output column, its position in the file reader's rows, or -1 for a partition column. */
        private final int[] fromFile;
        /** True when the reader's rows are already the output rows: no partition columns, nothing extra read. */
        private final boolean readerRowIsOutput;
        /** Output values of partition columns (null for data columns). */
        private final Object[] partitionValues;

        File(PartitionSource.FileScan source, TaskEnvironment env) {
            int dataColumns = source.dataSchema().size();
            int[] columns = source.columns();
            Expression filter = source.pushedFilters().stream().reduce(And::new).orElse(null);
            // The data columns read: those output, in output order, then those only a pushed filter tests.
            Set<Integer> read = new LinkedHashSet<>();
            for (int column : columns) {
                if (column < dataColumns) read.add(column);
            }
            if (filter != null) addDataColumns(filter, dataColumns, read);
            int[] readColumns = read.stream().mapToInt(Integer::intValue).toArray();
            Object[] allPartitionValues = partitionValues(source);
            this.fromFile = new int[columns.length];
            this.partitionValues = new Object[columns.length];
            int next = 0;
            for (int i = 0; i < columns.length; i++) {
                if (columns[i] < dataColumns) {
                    fromFile[i] = next++;
                } else {
                    fromFile[i] = -1;
                    partitionValues[i] = allPartitionValues[columns[i] - dataColumns];
                }
            }
            this.readerRowIsOutput = next == columns.length && readColumns.length == columns.length;
            this.reader = FileFormats.open(env.objectStore(), source.split(), source.format(), source.dataSchema(),
                    readColumns, source.pushedFilters());
            this.rows = filter == null ? reader : new FilteringIterator(reader, row -> Boolean.TRUE.equals(
                    filter.eval(fullRow(row, readColumns, dataColumns, allPartitionValues))));
        }

        private static Object[] partitionValues(PartitionSource.FileScan source) {
            Object[] values = new Object[source.partitionSchema().size()];
            if (values.length == 0) return values;
            Map<String, String> directories = HivePartitions.valuesOf("", source.split().path());
            for (int p = 0; p < values.length; p++) {
                Field field = source.partitionSchema().field(p);
                values[p] = HivePartitions.parse(directories.get(field.name()), field.type());
            }
            return values;
        }

        private static void addDataColumns(Expression expression, int dataColumns, Set<Integer> read) {
            if (expression instanceof BoundColumn bound && bound.index() < dataColumns) read.add(bound.index());
            expression.children().forEach(child -> addDataColumns(child, dataColumns, read));
        }

        /** A reader row laid out as the data columns followed by the partition columns, as pushed filters are bound. */
        private static Row fullRow(Row row, int[] readColumns, int dataColumns, Object[] partitionValues) {
            Object[] values = new Object[dataColumns + partitionValues.length];
            for (int j = 0; j < readColumns.length; j++) values[readColumns[j]] = row.get(j);
            System.arraycopy(partitionValues, 0, values, dataColumns, partitionValues.length);
            return new Row(values);
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Row next() {
            Row row = rows.next();
            if (readerRowIsOutput) return row;
            Object[] values = new Object[fromFile.length];
            for (int i = 0; i < values.length; i++) values[i] = fromFile[i] >= 0 ? row.get(fromFile[i]) : partitionValues[i];
            return new Row(values);
        }

        @Override
        long inputBytes() {
            return reader.bytesRead();
        }

        @Override
        long inputRows() {
            return reader.rowsRead();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** A slice of a range: computed, nothing read. Its rows count as input rows. */
    static final class NumberRange extends SourceReader {
        private final PartitionSource.Range range;
        private long produced;

        NumberRange(PartitionSource.Range range) {
            this.range = range;
        }

        @Override
        public boolean hasNext() {
            return produced < range.count();
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            return new Row(range.first() + produced++ * range.step());
        }

        @Override
        long inputRows() {
            return produced;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One reduce partition: the blocks of every map task, fetched one after another from the executors holding
     * them. A connection that breaks mid-block is a fetch failure too, not a task bug.
     */
    static final class Shuffle extends SourceReader {
        private final PartitionSource.ShuffleRead source;
        private final String applicationId;
        private final TaskEnvironment env;
        private final DataType[] types;
        private int nextBlock;
        private MapOutputLocation current;
        private InputStream stream;
        private RowDecoder decoder;
        private long bytes;
        private long rows;

        Shuffle(PartitionSource.ShuffleRead source, String applicationId, TaskEnvironment env) {
            this.source = source;
            this.applicationId = applicationId;
            this.env = env;
            this.types = source.schema().types();
        }

        @Override
        public boolean hasNext() {
            while (true) {
                if (decoder != null) {
                    try {
                        if (decoder.hasNext()) return true;
                    } catch (UncheckedIOException e) {
                        throw fetchFailed(e.getCause());
                    }
                    closeCurrent();
                }
                if (nextBlock >= source.blocks().size()) return false;
                current = source.blocks().get(nextBlock++);
                stream = new BufferedInputStream(env.openShuffleBlock(applicationId, source.shuffleId(), current,
                        source.reducePartition()), 64 * 1024);
                decoder = new RowDecoder(types, stream);
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            rows++;
            return decoder.next();
        }

        private FetchFailedException fetchFailed(IOException cause) {
            return new FetchFailedException(new FetchFailure(source.shuffleId(), current.mapPartition(),
                    source.reducePartition(), current.executorId(), current.address(),
                    "connection broke while reading the block: " + cause.getMessage()), cause);
        }

        private void closeCurrent() {
            bytes += decoder.bytesRead();
            decoder = null;
            try {
                stream.close();
            } catch (IOException ignored) {
                // The block was read whole; a failure to close the connection loses nothing.
            }
        }

        @Override
        long shuffleBytes() {
            return bytes + (decoder == null ? 0 : decoder.bytesRead());
        }

        @Override
        long shuffleRows() {
            return rows;
        }

        @Override
        public void close() {
            if (decoder != null) closeCurrent();
        }
    }

    /**
     * A cached partition's encoded rows, from the executor's memory or local disk. Counts nothing as input: the
     * point of the cache is that these rows cost no S3 read and no shuffle.
     */
    static final class CachedRows extends SourceReader {
        private final InputStream stream;
        private final RowDecoder decoder;

        CachedRows(DataType[] types, InputStream stream) {
            this.stream = stream;
            this.decoder = new RowDecoder(types, new BufferedInputStream(stream, 64 * 1024));
        }

        @Override
        public boolean hasNext() {
            return decoder.hasNext();
        }

        @Override
        public Row next() {
            return decoder.next();
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
