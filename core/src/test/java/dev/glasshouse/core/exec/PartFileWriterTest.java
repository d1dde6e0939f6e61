package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.core.types.Schema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A write task's side of the commit protocol: its own attempt prefix, and no files left once its job has ended. */
class PartFileWriterTest {
    @RegisterExtension
    final TestS3 s3 = new TestS3();

    private static final String TEMPORARY = "s3://curated/out/_temporary/app-1-job-0";
    private static final Schema SCHEMA = Schema.parseDdl("a string, country string");

    private PartitionSink.FileWrite sink(int... partitionColumns) {
        s3.store().ensureBucket("curated");
        return new PartitionSink.FileWrite(TEMPORARY, SCHEMA, new FileFormat.Csv(CsvOptions.defaults()),
                partitionColumns);
    }

    private static TaskAttemptId attempt(int partition, long taskId) {
        return new TaskAttemptId("app-1", 0, 1, 0, partition, 0, taskId);
    }

    private static final List<Row> ROWS = List.of(new Row("x", "IN"), new Row("y", "US"), new Row("z", "IN"));

    private List<String> temporaryKeys() {
        return s3.store().list(S3Path.parse(TEMPORARY)).stream().map(ObjectInfo::path).map(S3Path::key).toList();
    }

    @Test
    void anAttemptOfAnOpenJobWritesUnderItsOwnPrefix() throws Exception {
        PartitionSink.FileWrite sink = sink();
        s3.store().put(S3Path.parse(sink.openMarker()), new byte[0]);

        SinkWriter.Written written = PartFileWriter.write(sink, attempt(3, 7), ROWS.iterator(), env());
        PartFileWriter.write(sink, attempt(3, 8), ROWS.iterator(), env()); // a second attempt of the partition

        assertThat(written.outputRows()).isEqualTo(3);
        assertThat(temporaryKeys()).containsExactly("out/_temporary/app-1-job-0/_JOB_OPEN",
                "out/_temporary/app-1-job-0/task-7/part-00003.csv", "out/_temporary/app-1-job-0/task-8/part-00003.csv");
        try (InputStream in = s3.store().open(S3Path.parse(sink.attemptPrefix(7) + "/part-00003.csv"))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("x,IN", "y,US", "z,IN");
        }
    }

    @Test
    void anAttemptThatOutlivesItsJobDeletesWhatItUploaded() {
        PartitionSink.FileWrite sink = sink(1); // no open marker: the job was committed or aborted meanwhile

        assertThatThrownBy(() -> PartFileWriter.write(sink, attempt(2, 9), ROWS.iterator(), env()))
                .isInstanceOf(PartFileWriter.JobEndedException.class)
                .hasMessage("the job writing to " + TEMPORARY + " ended (committed or aborted) before task 9 "
                        + "(stage 1.0, partition 2, attempt 0) finished; its files are discarded");
        assertThat(temporaryKeys()).isEmpty();
        assertThat(s3.store().requestCount()).isGreaterThan(3); // it did upload both files before deleting them
    }

    /** Only the object store is used by a file write. */
    private TaskEnvironment env() {
        ObjectStore store = s3.store();
        return new TaskEnvironment() {
            @Override
            public ObjectStore objectStore() {
                return store;
            }

            @Override
            public dev.glasshouse.core.cache.PartitionCache cache() {
                throw new UnsupportedOperationException("a file write reads no cache");
            }

            @Override
            public InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location,
                                                int reducePartition) {
                throw new UnsupportedOperationException("a file write reads no shuffle");
            }

            @Override
            public ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                                     int reducePartitions) {
                throw new UnsupportedOperationException("a file write writes no shuffle");
            }

            @Override
            public BlockOutput createResultBlock(String applicationId, int stageId, int partition) {
                throw new UnsupportedOperationException("a file write writes no result");
            }
        };
    }
}
