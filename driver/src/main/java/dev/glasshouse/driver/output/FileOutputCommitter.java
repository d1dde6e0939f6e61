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
 * private to the job and task attempt; only when every partition has succeeded does the driver copy the files of
 * the winning attempt of each partition into place (keeping their {@code name=value/} directories) and write
 * {@code _SUCCESS} last.
 *
 * <p>Invariant seen by readers: whenever {@code _SUCCESS} exists, the part files beside it are complete outputs:
 * exactly one job's ({@code overwrite}, {@code errorifexists}), or every appending job's so far ({@code append}).
 * An old output's {@code _SUCCESS} is removed before anything of it is replaced or added to.
 */
public final class FileOutputCommitter {
    public static final String SUCCESS_MARKER = "_SUCCESS";

    private final ObjectStore store;
    private final S3Path destination;

    public FileOutputCommitter(ObjectStore store, String destination) {
        this.store = store;
        this.destination = S3Path.parse(destination);
    }

    /** Where the job's tasks write; unique per application and job. */
    public String temporaryPrefix(String applicationId, int jobId) {
        return destination.child("_temporary").child(applicationId + "-job-" + jobId).toString();
    }

    /**
     * Checked before any task runs, so a refused or skipped write costs nothing.
     *
     * @return false when the job must not run at all: {@code ignore} and the destination holds output
     * @throws IllegalStateException for {@code errorifexists} and a destination that holds output
     */
    public boolean checkMode(SaveMode mode) {
        store.ensureBucket(destination.bucket());
        if (mode != SaveMode.ERROR_IF_EXISTS && mode != SaveMode.IGNORE) return true;
        if (finalObjects().isEmpty()) return true;
        if (mode == SaveMode.IGNORE) return false;
        throw new IllegalStateException("path " + destination + " already exists: choose another path or write"
                + " with .mode(\"overwrite\") or .mode(\"append\")");
    }

    /**
     * Moves the files of each partition's successful attempt into place, removes what the mode replaces, then
     * writes {@code _SUCCESS}. In {@code append} mode the files are renamed {@code part-NNNNN-<job>.ext}, the job
     * being the temporary prefix's unique name, so they never collide with files of earlier jobs.
     */
    public void commit(String temporaryPrefix, PartitionSink.FileWrite sink, List<TaskOutcome> outcomes,
                       SaveMode mode) {
        List<S3Path> old = finalObjects();
        S3Path marker = destination.child(SUCCESS_MARKER);
        if (old.contains(marker)) store.delete(marker);
        String jobName = temporaryPrefix.substring(temporaryPrefix.lastIndexOf('/') + 1);
        Set<S3Path> written = new HashSet<>();
        for (TaskOutcome outcome : outcomes) {
            S3Path attempt = S3Path.parse(sink.attemptPrefix(outcome.taskId()));
            for (ObjectInfo file : store.list(attempt)) {
                String relative = file.path().key().substring(attempt.keyAsPrefix().length());
                if (mode == SaveMode.APPEND) relative = withJobName(relative, jobName);
                S3Path target = destination.child(relative);
                store.copy(file.path(), target);
                written.add(target);
            }
        }
        if (mode != SaveMode.APPEND) {
            List<S3Path> stale = new ArrayList<>();
            for (S3Path path : old) {
                if (!written.contains(path) && !path.equals(marker)) stale.add(path);
            }
            if (!stale.isEmpty()) store.deleteAll(stale);
        }
        abort(temporaryPrefix);
        store.put(marker, new byte[0]);
    }

    /** {@code country=IN/part-00003.csv} → {@code country=IN/part-00003-<job>.csv}. */
    private static String withJobName(String relative, String jobName) {
        int dot = relative.lastIndexOf('.');
        int slash = relative.lastIndexOf('/');
        if (dot <= slash) return relative + "-" + jobName;
        return relative.substring(0, dot) + "-" + jobName + relative.substring(dot);
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
