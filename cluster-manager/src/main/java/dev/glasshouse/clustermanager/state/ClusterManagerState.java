package dev.glasshouse.clustermanager.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster-manager keeps in its state folder for the one that replaces it after a crash:
 * <ul>
 *   <li>{@code cluster-members}: the host:port of every member of the cluster, a line each, so that the next one
 *       rejoins this cluster (its seed nodes) instead of starting a new one;</li>
 *   <li>{@code executors.json} ({@link ExecutorsFile}): the registered executors and the last executor number, so
 *       that the next one numbers new executors after them.</li>
 * </ul>
 * Writes are queued to one background thread (callers are actors: they must not wait for the disk) and each file
 * is replaced atomically. Thread-safe.
 */
public final class ClusterManagerState implements AutoCloseable {
    public static final String MEMBERS_FILE = "cluster-members";
    private static final Logger log = LoggerFactory.getLogger(ClusterManagerState.class);

    private final Path dir;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cluster-manager-state");
        thread.setDaemon(true);
        return thread;
    });

    public ClusterManagerState(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    public Path dir() {
        return dir;
    }

    public Path membersFile() {
        return dir.resolve(MEMBERS_FILE);
    }

    public Path executorsFile() {
        return dir.resolve(ExecutorsFile.NAME);
    }

    /** The members the previous cluster-manager last saw; empty for a new cluster. */
    public List<String> previousMembers() throws IOException {
        try {
            return Files.readAllLines(membersFile()).stream().map(String::trim).filter(line -> !line.isEmpty())
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    public Optional<ExecutorsFile.Snapshot> previousExecutors() throws IOException {
        return ExecutorsFile.read(executorsFile());
    }

    /** Returns at once; the file is replaced on the writer thread. */
    public void saveMembers(List<String> members) {
        write(membersFile(), () -> String.join("\n", members) + "\n");
    }

    /** Returns at once; the file is written on the writer thread. */
    public void saveExecutors(ExecutorsFile.Snapshot snapshot) {
        write(executorsFile(), () -> ExecutorsFile.toJson(snapshot) + "\n");
    }

    private void write(Path file, Supplier<String> content) {
        try {
            writer.execute(() -> {
                try {
                    StateFiles.writeAtomically(file, content.get());
                } catch (IOException e) {
                    log.warn("could not write {}: {}", file, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the process is stopping, and what it would write no longer matters.
        }
    }

    /** Finishes the queued writes (for at most 2 s). */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
