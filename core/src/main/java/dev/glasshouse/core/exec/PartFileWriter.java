package dev.glasshouse.core.exec;

import dev.glasshouse.core.format.FileFormats;
import dev.glasshouse.core.format.HivePartitions;
import dev.glasshouse.core.format.RowFileWriter;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a task's rows as part files of a {@link PartitionSink.FileWrite}. Each file is written locally first, then
 * uploaded whole under the task attempt's own temporary prefix: two attempts of one partition never overwrite each
 * other, and nothing reaches the destination until the driver commits the job. With partition columns a file is
 * kept open per partition value the task meets (rows are not sorted by it), so the open files grow with the
 * number of distinct values in one task.
 *
 * <p>No leftovers from attempts that outlive their job: after its last upload the attempt checks that the job's
 * {@link PartitionSink.FileWrite#openMarker open marker} still exists, and deletes its own files when it does not.
 * The driver deletes the marker before it lists and deletes the temporary prefix, so either the attempt saw the
 * marker (its uploads ended before the driver's listing, which therefore finds and deletes them) or it did not (and
 * deletes them itself). An attempt whose upload fails deletes what it had uploaded, for the same reason.
 */
final class PartFileWriter {
    private PartFileWriter() {
    }

    static SinkWriter.Written write(PartitionSink.FileWrite sink, TaskAttemptId id, Iterator<Row> rows,
                                    TaskEnvironment env) throws IOException {
        int[] partitionColumns = sink.partitionColumns();
        int[] dataColumns = dataColumns(sink.schema().size(), partitionColumns);
        Schema dataSchema = new Schema(Arrays.stream(dataColumns).mapToObj(sink.schema()::field).toList());
        Map<String, Open> files = new LinkedHashMap<>();
        try {
            if (partitionColumns.length == 0) files.put("", Open.create(sink, dataSchema));
            while (rows.hasNext()) {
                Row row = rows.next();
                String directory = directory(sink.schema(), partitionColumns, row);
                Open file = files.get(directory);
                if (file == null) {
                    file = Open.create(sink, dataSchema);
                    files.put(directory, file);
                }
                file.writer.write(partitionColumns.length == 0 ? row : project(row, dataColumns));
            }
            long bytes = 0;
            long count = 0;
            List<S3Path> uploaded = new ArrayList<>();
            try {
                for (Map.Entry<String, Open> entry : files.entrySet()) {
                    Open file = entry.getValue();
                    file.writer.close();
                    String relative = (entry.getKey().isEmpty() ? "" : entry.getKey() + "/")
                            + sink.partFileName(id.partition());
                    S3Path target = S3Path.parse(sink.attemptPrefix(id.taskId()) + "/" + relative);
                    env.objectStore().upload(target, file.local);
                    uploaded.add(target);
                    bytes += Files.size(file.local);
                    count += file.writer.rowsWritten();
                }
                if (!env.objectStore().exists(S3Path.parse(sink.openMarker()))) {
                    throw new JobEndedException("the job writing to " + sink.temporaryPrefix() + " ended (committed"
                            + " or aborted) before " + id + " finished; its files are discarded");
                }
            } catch (IOException | RuntimeException e) {
                discard(env, uploaded, e);
                throw e;
            }
            return new SinkWriter.Written(0, 0, bytes, count);
        } finally {
            for (Open file : files.values()) {
                try {
                    file.writer.close();
                } catch (IOException | RuntimeException alreadyFailing) {
                    // Closing twice is harmless; a writer that fails here has failed the task already.
                }
                Files.deleteIfExists(file.local);
            }
        }
    }

    /** The attempt outlived its job: what it wrote is not wanted any more and has been deleted. */
    static final class JobEndedException extends IllegalStateException {
        JobEndedException(String message) {
            super(message);
        }
    }

    /**
     * Deletes the attempt's uploads after a failure; the failure stays the task's error. A killed task is
     * interrupted: the flag is set aside while deleting, or the delete would fail at once and leave the files.
     */
    private static void discard(TaskEnvironment env, List<S3Path> uploaded, Exception failure) {
        if (uploaded.isEmpty()) return;
        boolean interrupted = Thread.interrupted();
        try {
            env.objectStore().deleteAll(uploaded);
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private record Open(Path local, RowFileWriter writer) {
        static Open create(PartitionSink.FileWrite sink, Schema dataSchema) throws IOException {
            Path local = Files.createTempFile("glasshouse-part-", "." + sink.format().name());
            try {
                return new Open(local, FileFormats.create(local, sink.format(), dataSchema));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(local);
                throw e;
            }
        }
    }

    private static int[] dataColumns(int columns, int[] partitionColumns) {
        List<Integer> data = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            final int column = c;
            if (Arrays.stream(partitionColumns).noneMatch(p -> p == column)) data.add(c);
        }
        return data.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code a=1/b=x}: the Hive-style directories of the row's partition values. */
    private static String directory(Schema schema, int[] partitionColumns, Row row) {
        StringBuilder out = new StringBuilder();
        for (int column : partitionColumns) {
            if (out.length() > 0) out.append('/');
            Field field = schema.field(column);
            out.append(HivePartitions.directory(field.name(), row.get(column)));
        }
        return out.toString();
    }

    private static Row project(Row row, int[] columns) {
        Object[] values = new Object[columns.length];
        for (int i = 0; i < columns.length; i++) values[i] = row.get(columns[i]);
        return new Row(values);
    }
}
