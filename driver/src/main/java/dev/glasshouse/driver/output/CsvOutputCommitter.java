package dev.glasshouse.driver.output;

import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a write all-or-nothing on S3, which has no rename. Tasks upload part files under a temporary prefix
 * private to the job and task attempt; only when every partition has succeeded does the driver copy the winning
 * attempt of each partition into place and write {@code _SUCCESS} last.
 *
 * <p>Invariant seen by readers: whenever {@code _SUCCESS} exists, the part files beside it are exactly one
 * job's complete output. An old output's {@code _SUCCESS} is removed before anything of it is replaced.
 */
public final class CsvOutputCommitter {
    public enum Mode { OVERWRITE, ERROR_IF_EXISTS }

    public static final String SUCCESS_MARKER = "_SUCCESS";

    private final ObjectStore store;
    private final S3Path destination;

    public CsvOutputCommitter(ObjectStore store, String destination) {
        this.store = store;
        this.destination = S3Path.parse(destination);
    }

    /** Where the job's tasks write; unique per application and job. */
    public String temporaryPrefix(String applicationId, int jobId) {
        return destination.child("_temporary").child(applicationId + "-job-" + jobId).toString();
    }

    /** Checked before any task runs, so a refused write costs nothing. */
    public void checkMode(Mode mode) {
        store.ensureBucket(destination.bucket());
        if (mode == Mode.ERROR_IF_EXISTS && !finalObjects().isEmpty()) {
            throw new IllegalStateException("path " + destination + " already exists: choose another path or write"
                    + " with .mode(\"overwrite\")");
        }
    }

    /** Moves each partition's successful part file into place, removes the rest, then writes {@code _SUCCESS}. */
    public void commit(String temporaryPrefix, PartitionSink.CsvWrite sink, List<TaskOutcome> outcomes) {
        List<S3Path> old = finalObjects();
        S3Path marker = destination.child(SUCCESS_MARKER);
        if (old.contains(marker)) store.delete(marker);
        Set<S3Path> written = new HashSet<>();
        for (TaskOutcome outcome : outcomes) {
            S3Path target = destination.child(PartitionSink.CsvWrite.partFileName(outcome.partition()));
            store.copy(S3Path.parse(sink.attemptFile(outcome.taskId(), outcome.partition())), target);
            written.add(target);
        }
        List<S3Path> stale = new ArrayList<>();
        for (S3Path path : old) {
            if (!written.contains(path) && !path.equals(marker)) stale.add(path);
        }
        if (!stale.isEmpty()) store.deleteAll(stale);
        abort(temporaryPrefix);
        store.put(marker, new byte[0]);
    }

    /** Removes everything the job's tasks uploaded; the destination keeps what it had. */
    public void abort(String temporaryPrefix) {
        List<S3Path> uploaded = store.list(S3Path.parse(temporaryPrefix)).stream().map(ObjectInfo::path).toList();
        if (!uploaded.isEmpty()) store.deleteAll(uploaded);
    }

    private List<S3Path> finalObjects() {
        String temporary = destination.keyAsPrefix() + "_temporary/";
        return store.list(destination).stream().map(ObjectInfo::path)
                .filter(p -> !p.key().startsWith(temporary)).toList();
    }
}
