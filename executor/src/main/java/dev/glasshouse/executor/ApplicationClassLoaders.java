package dev.glasshouse.executor;

import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code applications bring: for each application that ships jars, the jars downloaded to this executor's disk
 * and one class loader over them, whose parent is the executor's own loader. Tasks of the application run with it
 * as their thread's context class loader, so its lambdas and classes resolve there, and two applications with
 * different versions of a class each see their own.
 * <pre>
 *   {jarDir}/{applicationId}/{jar file name}
 * </pre>
 *
 * <p>Invariants: an application's jars are downloaded at most once while it lives, however many slots start its
 * tasks at once (the first waits for the download, the others for the first). After {@link #release} its loader is
 * closed, its files are gone, and a late task of it fails instead of downloading them again. A failed download
 * leaves nothing behind, so the next task of the application tries again. Thread-safe.
 */
public final class ApplicationClassLoaders implements AutoCloseable {

    /** Copies one shipped jar ({@code s3://bucket/key}) to a local file. */
    @FunctionalInterface
    public interface JarDownloader {
        void download(String s3Path, Path target) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(ApplicationClassLoaders.class);

    private final Path jarDir;
    private final ClassLoader parent;
    private final JarDownloader downloader;
    private final ConcurrentHashMap<String, ApplicationCode> applications = new ConcurrentHashMap<>();
    /** Applications released already: their late tasks must not download again and leak files. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    /**
     * @param jarDir where the jars go, one folder per application; created when needed
     * @param parent the executor's own class loader: Glasshouse and its libraries
     */
    public ApplicationClassLoaders(Path jarDir, ClassLoader parent, JarDownloader downloader) {
        this.jarDir = jarDir.toAbsolutePath();
        this.parent = parent;
        this.downloader = downloader;
    }

    /** Downloads jars with the executor's S3 client. */
    public static JarDownloader fromS3(ObjectStore store) {
        return (s3Path, target) -> {
            try (InputStream in = store.open(S3Path.parse(s3Path))) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        };
    }

    /**
     * The class loader to run a task of the application with: the executor's own when it ships no jars, else the
     * application's, downloading its jars first if this is its first task here.
     *
     * @param jars the S3 paths of the application's jars; the same in every task of the application
     * @throws IOException when a jar cannot be downloaded, naming it and the application
     * @throws IllegalStateException when the application has ended on this executor
     */
    public ClassLoader loaderFor(String applicationId, List<String> jars) throws IOException {
        if (jars.isEmpty()) return parent;
        if (ended.contains(applicationId)) throw endedAlready(applicationId);
        return applications.computeIfAbsent(applicationId, ApplicationCode::new).loader(jars);
    }

    /** The folder an application's jars are downloaded to. */
    public Path directory(String applicationId) {
        return jarDir.resolve(applicationId);
    }

    /** Closes the application's class loader and deletes its jars; harmless for an application that shipped none. */
    public void release(String applicationId) throws IOException {
        ended.add(applicationId);
        ApplicationCode code = applications.remove(applicationId);
        if (code != null) code.close();
    }

    /** Releases every application (the executor is stopping). */
    @Override
    public void close() throws IOException {
        for (String applicationId : List.copyOf(applications.keySet())) release(applicationId);
    }

    /**
     * For a task that failed because a class could not be found: which class, which application, the jars it
     * shipped, and what to do. Null when the failure is of another kind.
     */
    static String missingClassHint(Throwable failure, String executorId, String applicationId, List<String> jars) {
        String missing = missingClass(failure);
        if (missing == null) return null;
        return "class " + missing + " is neither on executor " + executorId + "'s class path nor in the jars of"
                + " application " + applicationId + " (" + (jars.isEmpty() ? "it shipped none" : "shipped: "
                + String.join(", ", jars)) + "): pass the jar that holds it with 'glasshouse submit --jar'"
                + " (or list it in glasshouse.application.jars)";
    }

    private static String missingClass(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            // ClassNotFoundException says "com.example.Main", NoClassDefFoundError "com/example/Main".
            if ((t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) && t.getMessage() != null) {
                return t.getMessage().replace('/', '.');
            }
        }
        return null;
    }

    private static IllegalStateException endedAlready(String applicationId) {
        return new IllegalStateException("application " + applicationId + " has ended on this executor: its"
                + " class loader is closed and its jars are deleted");
    }

    /** One application's jars and loader; its lock makes concurrent first tasks share one download. */
    private final class ApplicationCode {
        private final String applicationId;
        /** Null until the first task's download succeeded. Guarded by this. */
        private URLClassLoader loader;
        private boolean closed;

        ApplicationCode(String applicationId) {
            this.applicationId = applicationId;
        }

        synchronized ClassLoader loader(List<String> jars) throws IOException {
            if (closed || ended.contains(applicationId)) {
                // Released while this task was on its way: do not leave a fresh entry behind.
                applications.remove(applicationId, this);
                throw endedAlready(applicationId);
            }
            if (loader == null) loader = download(jars);
            return loader;
        }

        private URLClassLoader download(List<String> jars) throws IOException {
            Path dir = directory(applicationId);
            List<URL> urls = new ArrayList<>();
            try {
                Files.createDirectories(dir);
                for (String jar : jars) {
                    Path target = dir.resolve(fileName(jar));
                    try {
                        downloader.download(jar, target);
                    } catch (IOException | RuntimeException e) {
                        throw new IOException("could not download " + jar + ", a jar of application "
                                + applicationId + ": " + e.getMessage(), e);
                    }
                    urls.add(target.toUri().toURL());
                }
            } catch (IOException | RuntimeException e) {
                FileTrees.deleteRecursively(dir);
                throw e;
            }
            log.info("downloaded {} jar(s) of application {} to {}", urls.size(), applicationId, dir);
            return new URLClassLoader("application-" + applicationId, urls.toArray(URL[]::new), parent);
        }

        synchronized void close() throws IOException {
            closed = true;
            try {
                if (loader != null) loader.close();
            } finally {
                loader = null;
                FileTrees.deleteRecursively(directory(applicationId));
            }
        }
    }

    /** The jar's file name: the last segment of its S3 key (the driver keeps the names of one application unique). */
    private static String fileName(String s3Path) {
        String key = S3Path.parse(s3Path).key();
        String name = key.substring(key.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("bad application jar path '" + s3Path + "': it must name a file,"
                    + " e.g. s3://glasshouse-apps/app-1/app.jar");
        }
        return name;
    }
}
