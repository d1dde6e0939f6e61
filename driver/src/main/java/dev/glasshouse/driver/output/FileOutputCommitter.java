package dev.glasshouse.driver.output;

import dev.glasshouse.core.exec.PartitionSink;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.driver.scheduler.TaskOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes a write all-or-nothing on S3, which has no rename. The protocol, for a job with temporary prefix
 * {@code <dest>/_temporary/<app>-job-<n>}:
 * <ol>
 *   <li>{@link #setupJob} puts the job's open marker there before any task runs;</li>
 *   <li>each task attempt uploads its part files under its own {@code <prefix>/task-<taskId>/} (so two attempts of
 *       one partition, retries or speculative copies, never touch each other's files), then checks the open marker
 *       and deletes its files when the job has ended meanwhile;</li>
 *   <li>{@link #commit}, once every partition has succeeded, copies into place the files of exactly one attempt per
 *       partition, the one the scheduler accepted (its {@link TaskOutcome}), keeping their {@code name=value/}
 *       directories; removes what the mode replaces; deletes the open marker, then everything under the prefix;
 *       and writes {@code _SUCCESS} last;</li>
 *   <li>{@link #abort}, when the job fails, deletes the open marker and everything under the prefix.</li>
 * </ol>
 *
 * <p>Invariants:
 * <ul>
 *   <li>Whenever {@code _SUCCESS} exists, the part files beside it are complete outputs: exactly one job's
 *       ({@code overwrite}, {@code errorifexists}), or every appending job's so far ({@code append}); each
 *       partition's file comes from one attempt only. An old output's {@code _SUCCESS} is removed before anything
 *       of it is replaced or added to.</li>
 *   <li>A job that fails, in its tasks or in the commit itself, leaves none of its files at the destination and no
 *       {@code _SUCCESS} (a failed {@code overwrite} may have removed old files too: the old output is then gone,
 *       as Spark's would be, but never presented as complete).</li>
 *   <li>After commit or abort nothing is left under the temporary prefix, not even from attempts still running
 *       then: such an attempt finds the open marker gone and deletes its own uploads (see
 *       {@code PartFileWriter}). The one gap is an executor that dies between its last upload and that check,
 *       after the driver's clean-up: its file stays under {@code _temporary/}, which readers skip.</li>
 * </ul>
 */
public final class FileOutputCommitter {
    public static final String SUCCESS_MARKER = "_SUCCESS";
    public static final String TEMPORARY_DIRECTORY = "_temporary";

    private final ObjectStore store;
    private final S3Path destination;

    public FileOutputCommitter(ObjectStore store, String destination) {
        this.store = store;
        this.destination = S3Path.parse(destination);
    }

    /** Where the job's tasks write; unique per application and job. */
    public String temporaryPrefix(String applicationId, int jobId) {
        return destination.child(TEMPORARY_DIRECTORY).child(applicationId + "-job-" + jobId).toString();
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

    /** Opens the job: puts its open marker, without which tasks discard what they wrote. Before any task runs. */
    public void setupJob(String temporaryPrefix) {
        store.put(S3Path.parse(PartitionSink.FileWrite.openMarker(temporaryPrefix)), new byte[0]);
    }

    /**
     * Publishes the job's output: the files of each partition's accepted attempt, then {@code _SUCCESS}. In
     * {@code append} mode the files are renamed {@code part-NNNNN-<job>.ext}, the job being the temporary prefix's
     * unique name, so they never collide with files of earlier jobs. On any failure the files this commit put at
     * the destination are removed again, the temporary prefix is cleaned up, and the failure is thrown.
     *
     * @param outcomes   the accepted attempt of each partition: exactly one per partition {@code 0..partitions-1}
     * @param partitions how many partitions the job's result stage has
     * @throws IllegalStateException when {@code outcomes} is not exactly one attempt per partition: publishing
     *                               then would lose or double a partition's rows
     */
    public void commit(PartitionSink.FileWrite sink, List<TaskOutcome> outcomes, int partitions, SaveMode mode) {
        TreeMap<Integer, TaskOutcome> winners = oneAttemptPerPartition(sink, outcomes, partitions);
        String temporaryPrefix = sink.temporaryPrefix();
        List<S3Path> old = finalObjects();
        S3Path marker = destination.child(SUCCESS_MARKER);
        String jobName = temporaryPrefix.substring(temporaryPrefix.lastIndexOf('/') + 1);
        Set<S3Path> written = new LinkedHashSet<>();
        boolean publishing = false;
        try {
            if (old.contains(marker)) store.delete(marker);
            for (TaskOutcome winner : winners.values()) {
                S3Path attempt = S3Path.parse(sink.attemptPrefix(winner.taskId()));
                for (ObjectInfo file : store.list(attempt)) {
                    String relative = file.path().key().substring(attempt.keyAsPrefix().length());
                    if (mode == SaveMode.APPEND) relative = withJobName(relative, jobName);
                    S3Path target = destination.child(relative);
                    written.add(target);
                    store.copy(file.path(), target);
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
            // Even a put that failed may have reached S3: from here on, undoing removes the marker too.
            publishing = true;
            store.put(marker, new byte[0]);
        } catch (RuntimeException e) {
            if (publishing) written.add(marker);
            undo(written, temporaryPrefix, e);
            throw e;
        }
    }

    /**
     * Ends the job without output: deletes the open marker first (from then on, attempts still running delete
     * their own files), then everything under the temporary prefix. The destination keeps what it had.
     */
    public void abort(String temporaryPrefix) {
        S3Path prefix = S3Path.parse(temporaryPrefix);
        store.delete(S3Path.parse(PartitionSink.FileWrite.openMarker(temporaryPrefix)));
        List<S3Path> uploaded = store.list(prefix).stream().map(ObjectInfo::path).toList();
        if (!uploaded.isEmpty()) store.deleteAll(uploaded);
    }

    /**
     * The outcomes by partition, checked to be one per partition: the scheduler reports the attempt it accepted
     * for each, and only that attempt's files may be published.
     */
    private static TreeMap<Integer, TaskOutcome> oneAttemptPerPartition(PartitionSink.FileWrite sink,
                                                                       List<TaskOutcome> outcomes, int partitions) {
        TreeMap<Integer, TaskOutcome> winners = new TreeMap<>();
        for (TaskOutcome outcome : outcomes) {
            TaskOutcome other = winners.putIfAbsent(outcome.partition(), outcome);
            if (other != null) {
                throw new IllegalStateException("cannot commit the write to " + sink.temporaryPrefix()
                        + ": partition " + outcome.partition() + " has two accepted attempts (tasks "
                        + other.taskId() + " and " + outcome.taskId() + "); exactly one may be published");
            }
        }
        if (winners.size() != partitions || (partitions > 0 && winners.lastKey() != partitions - 1)) {
            List<Integer> missing = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                if (!winners.containsKey(p)) missing.add(p);
            }
            throw new IllegalStateException("cannot commit the write to " + sink.temporaryPrefix() + ": expected "
                    + partitions + " partitions, got outcomes for " + winners.keySet()
                    + (missing.isEmpty() ? "" : " (missing " + missing + ")"));
        }
        return winners;
    }

    /** After a failed commit: removes what it put at the destination and the temporary files, keeping the error. */
    private void undo(Set<S3Path> written, String temporaryPrefix, RuntimeException failure) {
        try {
            if (!written.isEmpty()) store.deleteAll(List.copyOf(written));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            abort(temporaryPrefix);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** {@code country=IN/part-00003.csv} → {@code country=IN/part-00003-<job>.csv}. */
    private static String withJobName(String relative, String jobName) {
        int dot = relative.lastIndexOf('.');
        int slash = relative.lastIndexOf('/');
        if (dot <= slash) return relative + "-" + jobName;
        return relative.substring(0, dot) + "-" + jobName + relative.substring(dot);
    }

    private List<S3Path> finalObjects() {
        String temporary = destination.keyAsPrefix() + TEMPORARY_DIRECTORY + "/";
        return store.list(destination).stream().map(ObjectInfo::path)
                .filter(p -> !p.key().startsWith(temporary)).toList();
    }
}
