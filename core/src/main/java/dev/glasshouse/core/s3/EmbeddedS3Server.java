package dev.glasshouse.core.s3;

import dev.glasshouse.core.cluster.ClusterNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.jclouds.filesystem.reference.FilesystemConstants;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;
import org.slf4j.LoggerFactory;

/**
 * The local stand-in for S3: S3Proxy serving jclouds' filesystem blob store, so buckets are folders under a data
 * folder and objects are files. Speaks path-style S3 with AWS v2/v4 signatures, checked against one access key.
 */
public final class EmbeddedS3Server implements AutoCloseable {
    /** S3Proxy, its shaded Jetty and jclouds log every request at INFO/DEBUG; only their warnings matter here. */
    private static final List<String> CHATTY_LOGGERS = List.of("org.gaul", "org.jclouds", "jclouds");
    private static final long START_TIMEOUT_MS = 30_000;

    private S3Proxy proxy;
    private final BlobStoreContext blobStore;
    private final String host;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    /** The current or last outage; completes when the server serves again. */
    private java.util.concurrent.CompletableFuture<Void> down;
    private boolean closed;

    private EmbeddedS3Server(S3Proxy proxy, BlobStoreContext blobStore, String host, int port, String accessKey,
                             String secretKey) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.host = host;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @param port    0 picks a free port
     * @param dataDir created if missing; each bucket is a folder in it
     * @throws ClusterNode.PortInUseException when the port is taken
     */
    public static EmbeddedS3Server start(String host, int port, Path dataDir, String accessKey, String secretKey) {
        if (port != 0) ClusterNode.checkPortFree(host, port, "S3 server port");
        quietLogs();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the S3 data folder " + dataDir.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dataDir.toAbsolutePath().toString());
        // By ApiMetadata rather than by name: a name makes jclouds load every provider on the class path, and
        // S3Proxy registers an Azure one whose SDK the build leaves out.
        BlobStoreContext context = ContextBuilder.newBuilder(new FilesystemApiMetadata())
                .overrides(properties)
                .modules(List.of(new SLF4JLoggingModule()))
                .build(BlobStoreContext.class);
        S3Proxy proxy = proxy(context, host, port, accessKey, secretKey);
        try {
            proxy.start();
            awaitStarted(proxy, host, port);
        } catch (Exception e) {
            stopQuietly(proxy, context);
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new ClusterNode.PortInUseException("the S3 server port " + host + ":" + port
                        + " is already in use: stop the process holding it or choose another port");
            }
            throw new IllegalStateException("the embedded S3 server on " + host + ":" + port + " (data folder "
                    + dataDir.toAbsolutePath() + ") failed to start: " + e.getMessage(), e);
        }
        return new EmbeddedS3Server(proxy, context, host, proxy.getPort(), accessKey, secretKey);
    }

    private static S3Proxy proxy(BlobStoreContext context, String host, int port, String accessKey, String secretKey) {
        return S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
    }

    /** {@code http://host:port}, the value for glasshouse.s3.endpoint. */
    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * A chaos fault: stops serving at once (connections are refused, as when the server is down) and serves again
     * from the same port and data after {@code outage}. Returns at once; the future completes when the server is
     * back. An outage while one is under way is refused, so two faults never overlap silently.
     */
    public synchronized java.util.concurrent.CompletableFuture<Void> takeDown(java.time.Duration outage) {
        if (down != null && !down.isDone()) {
            throw new IllegalStateException("the S3 server " + endpoint() + " is already down");
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the S3 server " + endpoint() + ": " + e.getMessage(), e);
        }
        LoggerFactory.getLogger(EmbeddedS3Server.class).warn("S3 server {} down for {} ms (chaos)", endpoint(),
                outage.toMillis());
        down = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> back = down;
        Thread restarter = new Thread(() -> {
            try {
                Thread.sleep(outage.toMillis());
                synchronized (this) {
                    if (closed) {
                        back.complete(null);
                        return;
                    }
                    // A new proxy on the port the first one got: its endpoint may have said port 0.
                    proxy = proxy(blobStore, host, port, accessKey, secretKey);
                    proxy.start();
                    awaitStarted(proxy, host, port);
                }
                LoggerFactory.getLogger(EmbeddedS3Server.class).warn("S3 server {} serving again", endpoint());
                back.complete(null);
            } catch (Exception e) {
                back.completeExceptionally(e);
            }
        }, "s3-outage");
        restarter.setDaemon(true);
        restarter.start();
        return back;
    }

    /** True while a {@link #takeDown} outage lasts. */
    public synchronized boolean isDown() {
        return down != null && !down.isDone();
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        stopQuietly(proxy, blobStore);
    }

    @Override
    public String toString() {
        return "EmbeddedS3Server[" + endpoint() + "]";
    }

    private static void awaitStarted(S3Proxy proxy, String host, int port) throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        // start() returns before Jetty has finished starting; requests before STARTED are refused.
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("still " + proxy.getState() + " after " + START_TIMEOUT_MS
                        + " ms on " + host + ":" + port);
            }
            Thread.sleep(5);
        }
    }

    private static void stopQuietly(S3Proxy proxy, BlobStoreContext context) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LoggerFactory.getLogger(EmbeddedS3Server.class).warn("stopping the embedded S3 server failed", e);
        } finally {
            context.close();
        }
    }

    /** Sets the chatty loggers to WARN unless the logging configuration already gives them a level. */
    private static void quietLogs() {
        for (String name : CHATTY_LOGGERS) {
            if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger
                    && logger.getLevel() == null) {
                logger.setLevel(ch.qos.logback.classic.Level.WARN);
            }
        }
    }
}
