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

    private final S3Proxy proxy;
    private final BlobStoreContext blobStore;
    private final String host;
    private final int port;

    private EmbeddedS3Server(S3Proxy proxy, BlobStoreContext blobStore, String host, int port) {
        this.proxy = proxy;
        this.blobStore = blobStore;
        this.host = host;
        this.port = port;
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
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
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
        return new EmbeddedS3Server(proxy, context, host, proxy.getPort());
    }

    /** {@code http://host:port}, the value for glasshouse.s3.endpoint. */
    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
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
