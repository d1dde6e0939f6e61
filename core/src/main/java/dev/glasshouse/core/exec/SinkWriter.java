package dev.glasshouse.core.exec;

import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.row.RowEncoder;
import dev.glasshouse.core.types.DataType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

/** Drains a task's rows into its {@link PartitionSink}; output becomes visible only once complete. */
final class SinkWriter {
    private SinkWriter() {
    }

    record Written(long shuffleBytes, long shuffleRows, long outputBytes, long outputRows) {
    }

    static Written drain(PartitionSink sink, TaskAttemptId id, Iterator<Row> rows, TaskEnvironment env)
            throws IOException {
        if (sink instanceof PartitionSink.ShuffleWrite shuffle) {
            return writeShuffle(shuffle, id, rows, env);
        } else if (sink instanceof PartitionSink.ResultBlock result) {
            return writeResult(result, id, rows, env);
        } else if (sink instanceof PartitionSink.FileWrite file) {
            return PartFileWriter.write(file, id, rows, env);
        } else {
            throw new IllegalStateException("unexpected " + sink);
        }
    }

    private static Written writeShuffle(PartitionSink.ShuffleWrite sink, TaskAttemptId id, Iterator<Row> rows,
                                        TaskEnvironment env) throws IOException {
        DataType[] types = sink.schema().types();
        try (TaskEnvironment.ShuffleOutput output = env.createShuffleOutput(id.applicationId(), sink.shuffleId(),
                id.partition(), sink.partitions())) {
            RowEncoder[] encoders = new RowEncoder[sink.partitions()];
            OutputStream[] streams = new OutputStream[sink.partitions()];
            for (int r = 0; r < encoders.length; r++) {
                streams[r] = new BufferedOutputStream(output.partition(r), 32 * 1024);
                encoders[r] = new RowEncoder(types, streams[r]);
            }
            Partitioning.Chooser chooser = sink.partitioning().chooser(id.partition(), encoders.length);
            long count = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                encoders[chooser.partition(row)].write(row);
                count++;
            }
            for (OutputStream stream : streams) stream.flush();
            long bytes = 0;
            for (long size : output.commit()) bytes += size;
            return new Written(bytes, count, 0, 0);
        }
    }

    private static Written writeResult(PartitionSink.ResultBlock sink, TaskAttemptId id, Iterator<Row> rows,
                                       TaskEnvironment env) throws IOException {
        try (TaskEnvironment.BlockOutput output = env.createResultBlock(id.applicationId(), id.stageId(),
                id.partition())) {
            OutputStream stream = new BufferedOutputStream(output.stream(), 32 * 1024);
            RowEncoder encoder = new RowEncoder(sink.schema().types(), stream);
            while (rows.hasNext()) encoder.write(rows.next());
            stream.flush();
            long bytes = output.commit();
            return new Written(0, 0, bytes, encoder.rowsWritten());
        }
    }
}
