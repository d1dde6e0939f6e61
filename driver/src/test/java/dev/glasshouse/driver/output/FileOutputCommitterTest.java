package dev.glasshouse.driver.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.format.FileFormat;
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
class FileOutputCommitterTest {
    @RegisterExtension
    final TestS3 s3 = new TestS3();

    private static final String DESTINATION = "s3://curated/out";
    private static final ExecutorInfo EXECUTOR = new ExecutorInfo("exec-1", 1, "127.0.0.1", 1, 1, 512, 1);

    private ObjectStore store() {
        return s3.store();
    }

    private static PartitionSink.FileWrite sink(String temporary, int... partitionColumns) {
        return new PartitionSink.FileWrite(temporary, Schema.parseDdl("a string, country string"),
                new FileFormat.Csv(CsvOptions.defaults()), partitionColumns);
    }

    /** Uploads a file task attempt {@code taskId} of {@code partition} would have written, {@code directory} first. */
    private TaskOutcome attempt(PartitionSink.FileWrite sink, long taskId, int partition, String directory,
                                String content) {
        String relative = (directory.isEmpty() ? "" : directory + "/") + sink.partFileName(partition);
        store().put(S3Path.parse(sink.attemptPrefix(taskId) + "/" + relative), content.getBytes(StandardCharsets.UTF_8));
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

    private void oldOutput() {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old 0".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/part-00007.csv"), "old 7".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/_SUCCESS"), new byte[0]);
    }

    @Test
    void commitPublishesTheWinningAttemptsReplacesOldOutputAndWritesSuccessLast() throws IOException {
        oldOutput();
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        assertThat(committer.checkMode(SaveMode.OVERWRITE)).isTrue();
        String temporary = committer.temporaryPrefix("app-1", 3);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary);
        attempt(sink, 10, 0, "", "loser 0"); // a failed attempt's leftover
        List<TaskOutcome> winners = List.of(attempt(sink, 11, 0, "", "new 0"), attempt(sink, 12, 1, "", "new 1"));

        committer.commit(sink, winners, 2, SaveMode.OVERWRITE);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv", "out/part-00001.csv");
        assertThat(read("out/part-00000.csv")).isEqualTo("new 0");
        assertThat(read("out/part-00001.csv")).isEqualTo("new 1");
    }

    @Test
    void appendKeepsTheOldFilesAndAddsNewOnesUnderNamesOfItsOwnJob() throws IOException {
        oldOutput();
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        assertThat(committer.checkMode(SaveMode.APPEND)).isTrue();
        String temporary = committer.temporaryPrefix("app-1", 5);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary);

        committer.commit(sink, List.of(attempt(sink, 30, 0, "", "appended 0")), 1, SaveMode.APPEND);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv", "out/part-00007.csv",
                "out/part-00000-app-1-job-5.csv");
        assertThat(read("out/part-00000.csv")).isEqualTo("old 0");
        assertThat(read("out/part-00000-app-1-job-5.csv")).isEqualTo("appended 0");
    }

    @Test
    void ignoreSkipsAnExistingDestinationButWritesAnEmptyOne() {
        oldOutput();
        assertThat(new FileOutputCommitter(store(), DESTINATION).checkMode(SaveMode.IGNORE)).isFalse();
        assertThat(new FileOutputCommitter(store(), "s3://curated/elsewhere").checkMode(SaveMode.IGNORE)).isTrue();
        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv", "out/part-00007.csv");
    }

    @Test
    void partitionedOutputKeepsItsDirectoriesAndReplacesTheOldFlatFiles() throws IOException {
        oldOutput();
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        String temporary = committer.temporaryPrefix("app-2", 0);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary, 1);
        TaskOutcome task0 = attempt(sink, 40, 0, "country=IN", "in 0");
        attempt(sink, 40, 0, "country=__HIVE_DEFAULT_PARTITION__", "null 0");
        TaskOutcome task1 = attempt(sink, 41, 1, "country=IN", "in 1");

        committer.commit(sink, List.of(task0, task1), 2, SaveMode.OVERWRITE);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/country=IN/part-00000.csv",
                "out/country=IN/part-00001.csv", "out/country=__HIVE_DEFAULT_PARTITION__/part-00000.csv");
        assertThat(read("out/country=IN/part-00001.csv")).isEqualTo("in 1");
    }

    @Test
    void abortLeavesTheDestinationAsItWas() {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old".getBytes(StandardCharsets.UTF_8));
        store().put(S3Path.parse(DESTINATION + "/_SUCCESS"), new byte[0]);
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        String temporary = committer.temporaryPrefix("app-1", 4);
        committer.setupJob(temporary);
        attempt(sink(temporary), 20, 0, "", "x");

        committer.abort(temporary);

        assertThat(keys()).containsExactlyInAnyOrder("out/_SUCCESS", "out/part-00000.csv");
    }

    @Test
    void errorIfExistsNamesThePathAndTheWayOut() {
        store().ensureBucket("curated");
        store().put(S3Path.parse(DESTINATION + "/part-00000.csv"), "old".getBytes(StandardCharsets.UTF_8));
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        assertThatThrownBy(() -> committer.checkMode(SaveMode.ERROR_IF_EXISTS))
                .hasMessage("path s3://curated/out already exists: choose another path or write with "
                        + ".mode(\"overwrite\") or .mode(\"append\")");
        assertThat(committer.checkMode(SaveMode.OVERWRITE)).isTrue();
    }

    /** Every key in the destination's bucket, temporary ones included. */
    private List<String> bucketKeys() {
        return store().list(S3Path.parse("s3://curated/")).stream().map(ObjectInfo::path).map(S3Path::key).toList();
    }

    @Test
    void twoAttemptsOfOnePartitionBothWriteButOnlyTheAcceptedOneIsPublished() throws IOException {
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        assertThat(committer.checkMode(SaveMode.ERROR_IF_EXISTS)).isTrue();
        String temporary = committer.temporaryPrefix("app-1", 6);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary);
        // A speculative copy and the original of partition 0 both run to completion; the scheduler accepted 51.
        attempt(sink, 50, 0, "", "original 0");
        TaskOutcome accepted = attempt(sink, 51, 0, "", "speculative 0");
        TaskOutcome other = attempt(sink, 52, 1, "", "only 1");

        committer.commit(sink, List.of(accepted, other), 2, SaveMode.ERROR_IF_EXISTS);

        assertThat(bucketKeys()).containsExactly("out/_SUCCESS", "out/part-00000.csv", "out/part-00001.csv");
        assertThat(read("out/part-00000.csv")).isEqualTo("speculative 0");
        assertThat(read("out/part-00001.csv")).isEqualTo("only 1");
        // Closed: an attempt still running now finds no open marker and deletes what it uploads.
        assertThat(store().exists(S3Path.parse(sink.openMarker()))).isFalse();
    }

    @Test
    void twoAcceptedAttemptsOfOnePartitionAreRefusedAndNothingIsPublished() {
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        committer.checkMode(SaveMode.ERROR_IF_EXISTS);
        String temporary = committer.temporaryPrefix("app-1", 7);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary);
        List<TaskOutcome> doubled = List.of(attempt(sink, 60, 0, "", "a"), attempt(sink, 61, 0, "", "b"));

        assertThatThrownBy(() -> committer.commit(sink, doubled, 1, SaveMode.ERROR_IF_EXISTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot commit the write to " + temporary + ": partition 0 has two accepted attempts"
                        + " (tasks 60 and 61); exactly one may be published");
        committer.abort(temporary); // what the session does with a failed commit

        assertThat(bucketKeys()).isEmpty();
    }

    @Test
    void aMissingPartitionIsRefused() {
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        committer.checkMode(SaveMode.OVERWRITE);
        String temporary = committer.temporaryPrefix("app-1", 8);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary);
        List<TaskOutcome> gap = List.of(attempt(sink, 70, 0, "", "0"), attempt(sink, 72, 2, "", "2"));

        assertThatThrownBy(() -> committer.commit(sink, gap, 3, SaveMode.OVERWRITE))
                .hasMessage("cannot commit the write to " + temporary + ": expected 3 partitions, got outcomes for"
                        + " [0, 2] (missing [1])");
        assertThat(keys()).noneMatch(key -> key.startsWith("out/part-") || key.equals("out/_SUCCESS"));
    }

    @Test
    void aFailedJobLeavesNothingAtItsDestination() {
        FileOutputCommitter committer = new FileOutputCommitter(store(), DESTINATION);
        assertThat(committer.checkMode(SaveMode.ERROR_IF_EXISTS)).isTrue();
        String temporary = committer.temporaryPrefix("app-1", 9);
        committer.setupJob(temporary);
        PartitionSink.FileWrite sink = sink(temporary, 1);
        attempt(sink, 80, 0, "country=IN", "finished");
        attempt(sink, 81, 1, "country=US", "failed half-way");

        committer.abort(temporary);

        assertThat(bucketKeys()).isEmpty();
        assertThat(committer.checkMode(SaveMode.ERROR_IF_EXISTS)).isTrue(); // the path may be written again
    }
}
