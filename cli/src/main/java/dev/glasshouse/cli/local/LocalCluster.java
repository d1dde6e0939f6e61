package dev.glasshouse.cli.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.clustermanager.ClusterManagerNode;
import dev.glasshouse.clustermanager.backend.LocalProcessBackend;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.s3.EmbeddedS3Server;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A whole Glasshouse cluster on this machine, hosted by this process: the embedded S3 server, the
 * cluster-manager (the seed node), and N executor JVMs it starts as child processes.
 */
public final class LocalCluster implements AutoCloseable {
    private final EmbeddedS3Server s3;
    private final ClusterManagerNode clusterManager;
    private final List<ExecutorInfo> executors;

    /**
     * @param port   the cluster-manager's Artery port
     * @param s3Port the S3 server's port
     */
    public record Settings(int executors, int cores, int memoryMb, int port, int s3Port, Path dataDir,
                           Map<String, String> executorConf) {
        public Settings {
            executorConf = Map.copyOf(executorConf);
        }

        public Settings(int executors, int cores, int memoryMb, int port, int s3Port, Path dataDir) {
            this(executors, cores, memoryMb, port, s3Port, dataDir, Map.of());
        }
    }

    private LocalCluster(EmbeddedS3Server s3, ClusterManagerNode clusterManager, List<ExecutorInfo> executors) {
        this.s3 = s3;
        this.clusterManager = clusterManager;
        this.executors = executors;
    }

    /** Starts everything and returns once every executor has registered; on any failure stops what started. */
    public static LocalCluster start(Config base, Settings settings) throws Exception {
        String host = base.getString("glasshouse.cluster.host");
        // A taken S3 port is reported before anything starts, as when S3 started first.
        if (settings.s3Port() != 0) ClusterNode.checkPortFree(host, settings.s3Port(), "S3 server port");
        // S3 starts beside the cluster-manager, not before it: executors need its address, known from the
        // port, but not the server itself until their first task.
        CompletableFuture<EmbeddedS3Server> s3Started = CompletableFuture.supplyAsync(() -> EmbeddedS3Server.start(
                host, settings.s3Port(), settings.dataDir().resolve("s3"),
                base.getString("glasshouse.s3.access-key"), base.getString("glasshouse.s3.secret-key")));
        ClusterManagerNode clusterManager = null;
        EmbeddedS3Server s3 = null;
        try {
            // With port 0 the address is known only once the server is up.
            if (settings.s3Port() == 0) s3 = join(s3Started);
            String endpoint = s3 != null ? s3.endpoint() : "http://" + host + ":" + settings.s3Port();
            Config config = base.withValue("glasshouse.s3.endpoint", ConfigValueFactory.fromAnyRef(endpoint));
            LocalProcessBackend.Settings defaults = LocalProcessBackend.Settings.fromConfig(config,
                    settings.dataDir().resolve("executors"), settings.port());
            // Executor logs go to their own files, so they can afford INFO: the end of every task is there.
            List<String> jvmOptions = new ArrayList<>(defaults.jvmOptions());
            jvmOptions.add("-Dglasshouse.log.level=INFO");
            new TreeMap<>(settings.executorConf()).forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
            LocalProcessBackend backend = new LocalProcessBackend(new LocalProcessBackend.Settings(defaults.workDir(),
                    defaults.host(), defaults.master(), defaults.classPath(), defaults.mainClass(),
                    defaults.environment(), jvmOptions));
            clusterManager = ClusterManagerNode.start(config, settings.port(), settings.executors(), settings.cores(),
                    settings.memoryMb(), backend);
            Duration wait = config.getDuration("glasshouse.cluster-manager.executor-start-timeout");
            if (s3 == null) s3 = join(s3Started);
            List<ExecutorInfo> executors = clusterManager.awaitExecutors(settings.executors(), wait)
                    .toCompletableFuture().get(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new LocalCluster(s3, clusterManager, executors);
        } catch (Exception e) {
            if (clusterManager != null) clusterManager.close();
            if (s3 == null) s3 = s3Started.handle((server, failure) -> server).join();
            if (s3 != null) s3.close();
            throw e;
        }
    }

    /** The started server, or the exception it failed with (a port in use, say) as it was thrown. */
    private static EmbeddedS3Server join(CompletableFuture<EmbeddedS3Server> started) throws Exception {
        try {
            return started.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    public String master() {
        return clusterManager.master();
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    public List<ExecutorInfo> executors() {
        return executors;
    }

    /** Stops the executors (no orphan process), the cluster-manager, then S3. */
    @Override
    public void close() {
        clusterManager.close();
        s3.close();
    }
}
