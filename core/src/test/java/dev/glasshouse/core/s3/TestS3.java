package dev.glasshouse.core.s3;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link EmbeddedS3Server} on a free port over a temporary data folder, and an {@link ObjectStore} for it, for
 * tests in any module (the core test-jar). Register it as a JUnit 5 extension:
 * <pre>
 * &#64;RegisterExtension static final TestS3 s3 = new TestS3();   // one server for the class
 * &#64;RegisterExtension final TestS3 s3 = new TestS3();          // a fresh server for each test
 * </pre>
 * or use {@link #start()} and {@link #close()} directly. Credentials are those of reference.conf.
 */
public final class TestS3 implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        AutoCloseable {
    public static final String ACCESS_KEY = "glasshouse";
    public static final String SECRET_KEY = "glasshouse-dev-secret";
    public static final String REGION = "us-east-1";

    private Path dataDir;
    private EmbeddedS3Server server;
    private ObjectStore store;
    private boolean perClass;

    /** Starts the server (if not running) and returns this. */
    public TestS3 start() {
        if (server != null) return this;
        try {
            dataDir = Files.createTempDirectory("glasshouse-test-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = EmbeddedS3Server.start("127.0.0.1", 0, dataDir, ACCESS_KEY, SECRET_KEY);
        store = new ObjectStore(settings());
        return this;
    }

    /** Stops the server and deletes its data folder. */
    @Override
    public void close() {
        if (server == null) return;
        store.close();
        server.close();
        deleteRecursively(dataDir);
        server = null;
        store = null;
    }

    public ObjectStore store() {
        requireStarted();
        return store;
    }

    public EmbeddedS3Server server() {
        requireStarted();
        return server;
    }

    public String endpoint() {
        return server().endpoint();
    }

    /** The folder holding the buckets. */
    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    public S3Settings settings() {
        requireStarted();
        return new S3Settings(server.endpoint(), ACCESS_KEY, SECRET_KEY, REGION);
    }

    /** glasshouse.s3.* pointing at this server, to lay over a process's configuration. */
    public Config config() {
        requireStarted();
        return ConfigFactory.parseMap(Map.of(
                "glasshouse.s3.endpoint", server.endpoint(),
                "glasshouse.s3.access-key", ACCESS_KEY,
                "glasshouse.s3.secret-key", SECRET_KEY,
                "glasshouse.s3.region", REGION));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) close();
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("TestS3 is not started: register it with @RegisterExtension or call "
                    + "start()");
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the test S3 data folder " + dir, e);
        }
    }
}
