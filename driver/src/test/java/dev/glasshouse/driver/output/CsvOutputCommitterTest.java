package dev.glasshouse.driver.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The commit protocol against a real S3 server: whole output with _SUCCESS, or the old output untouched. */
class CsvOutputCommitterTest {
    @RegisterExtension
    final TestS3 s3 = new TestS3();

    private static final String DESTINATION = "s3://curated/out";
    private static final ExecutorInfo EXECUTOR = new ExecutorInfo("exec-1", 1, "127.0.0.1", 1, 1, 512, 1);

    private ObjectStore store() {
        return s3.store();
    }

    /** Uploads what task attempt {@code taskId} of {@code partition} would have written. */
    private TaskOutcome attempt(PartitionSink.CsvWrite sink, long taskId, int partition, String content) {
        store().put(S3Path.parse(sink.attemptFile(taskId, partition)), content.getBytes(StandardCharsets.UTF_8));
        return new TaskOutcome(partition, taskId, EXECUTOR, TaskMetrics.EMPTY);
    }

    private List<String> keys() {
        return store().list(S3Path.parse(DESTINATION)).stream().map(ObjectInfo::path).map(S3Path::key).toList();
    }

    private String read(String key) throws IOException {
        try (InputStream in = store().open(S3Path.parse("s3://curated/" + key))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void commitPublishesTheWinningAttemptsReplacesOldOutputAndWritesSuccessLast() throws IOException {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old 0".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/part-00007.csv"), "old 7".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/_SUCCESS"), new byte[0]);
        CsvOutputCommitter committer = new CsvOutputCommitter(store(), DESTINATION);
        committer.checkMode(CsvOutputCommitter.Mode.OVERWRITE);
        String temporary = committer.temporaryPrefix("app-1", 3);
        PartitionSink.CsvWrite sink = new PartitionSink.CsvWrite(temporary, Schema.parseDdl("a string"),
                CsvOptions.defaults());
        attempt(sink, 10, 0, "loser 0"); // a failed attempt's leftover
        List<TaskOutcome> winners = List.of(attempt(sink, 11, 0, "new 0"), attempt(sink, 12, 1, "new 1"));

        committer.commit(temporary, sink, winners);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv", "out/part-00001.csv");
        assertThat(read("out/part-00000.csv")).isEqualTo("new 0");
        assertThat(read("out/part-00001.csv")).isEqualTo("new 1");
    }

    @Test
    void abortLeavesTheDestinationAsItWas() {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/_SUCCESS"), new byte[0]);
        CsvOutputCommitter committer = new CsvOutputCommitter(store(), DESTINATION);
        String temporary = committer.temporaryPrefix("app-1", 4);
        attempt(new PartitionSink.CsvWrite(temporary, Schema.parseDdl("a string"), CsvOptions.defaults()), 20, 0, "x");

        committer.abort(temporary);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv");
    }

    @Test
    void errorIfExistsNamesThePathAndTheWayOut() {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old".getBytes(StandardCharsets.UTF_8));
        CsvOutputCommitter committer = new CsvOutputCommitter(store(), DESTINATION);
        assertThatThrownBy(() -> committer.checkMode(CsvOutputCommitter.Mode.ERROR_IF_EXISTS))
                .hasMessage("path s3://curated/out already exists: choose another path or write with .mode(\"overwrite\")");
        committer.checkMode(CsvOutputCommitter.Mode.OVERWRITE);
    }
}
