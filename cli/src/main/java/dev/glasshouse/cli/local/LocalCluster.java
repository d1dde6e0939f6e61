package dev.glasshouse.cli.local;

import com.typesafe.config.Config;
import dev.glasshouse.clustermanager.state.ExecutorsFile;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.s3.EmbeddedS3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole Glasshouse cluster on this machine, supervised by this process: it hosts the embedded S3 server and
 * the control endpoint, and keeps the cluster-manager running as a child JVM ({@link ClusterManagerMain},
 * restarted by {@link ClusterManagerSupervisor} when it dies), which starts the N executor JVMs.
 *
 * <p>Executors follow this process out, not the cluster-manager: they survive its crash and register with the
 * next one, and they never outlive the local cluster.
 */
public final class LocalCluster implements AutoCloseable {
    /** The cluster-manager holds little: the executor registry and Akka. */
    private static final List<String> CLUSTER_MANAGER_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");
    private static final Duration READY_POLL = Duration.ofMillis(50);
    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

    private final EmbeddedS3Server s3;
    private final ClusterManagerSupervisor clusterManager;
    private final ControlServer control;
    private final String master;
    private final Path dataDir;
    private final List<ExecutorsFile.Executor> executors;

    /**
     * @param port   the cluster-manager's Artery port
     * @param s3Port the S3 server's port
     */
    public record Settings(int executors, int cores, int memoryMb, int port, int s3Port, Path dataDir,
                           Map<String, String> executorConf) {
        public Settings {
            executorConf = Map.copyOf(executorConf);
            dataDir = dataDir.toAbsolutePath();
        }

        public Settings(int executors, int cores, int memoryMb, int port, int s3Port, Path dataDir) {
            this(executors, cores, memoryMb, port, s3Port, dataDir, Map.of());
        }
    }

    private LocalCluster(EmbeddedS3Server s3, ClusterManagerSupervisor clusterManager, ControlServer control,
                         String master, Path dataDir, List<ExecutorsFile.Executor> executors) {
        this.s3 = s3;
        this.clusterManager = clusterManager;
        this.control = control;
        this.master = master;
        this.dataDir = dataDir;
        this.executors = executors;
    }

    /**
     * Starts everything and returns once every executor has registered and {@code <dataDir>/local-cluster.json}
     * is written; on any failure stops what started.
     */
    public static LocalCluster start(Config base, Settings settings) throws Exception {
        String host = base.getString("glasshouse.cluster.host");
        Path dataDir = settings.dataDir();
        refuseSecondCluster(dataDir);
        // Taken ports are reported before anything starts, by name.
        if (settings.s3Port() != 0) ClusterNode.checkPortFree(host, settings.s3Port(), "S3 server port");
        if (settings.port() <= 0 || settings.port() > 65535) {
            throw new IllegalArgumentException("--port " + settings.port() + ": the cluster-manager needs a fixed "
                    + "port from 1 to 65535, which drivers and executors join");
        }
        ClusterNode.checkPortFree(host, settings.port(), "cluster-manager port");
        // A new cluster: what an earlier cluster-manager in this folder recorded is not to be rejoined.
        FileTrees.deleteRecursively(dataDir.resolve(ClusterManagerMain.STATE_DIR));
        // S3 starts beside the cluster-manager, not before it: executors need its address, known from the
        // port, but not the server itself until their first task.
        CompletableFuture<EmbeddedS3Server> s3Started = CompletableFuture.supplyAsync(() -> EmbeddedS3Server.start(
                host, settings.s3Port(), dataDir.resolve("s3"),
                base.getString("glasshouse.s3.access-key"), base.getString("glasshouse.s3.secret-key")));
        ClusterManagerSupervisor clusterManager = null;
        EmbeddedS3Server s3 = null;
        ControlServer control = null;
        try {
            // With port 0 the address is known only once the server is up.
            if (settings.s3Port() == 0) s3 = join(s3Started);
            String endpoint = s3 != null ? s3.endpoint() : "http://" + host + ":" + settings.s3Port();
            clusterManager = ClusterManagerSupervisor.start(clusterManagerCommand(settings, endpoint),
                    Map.of("GLASSHOUSE_S3_ACCESS_KEY", base.getString("glasshouse.s3.access-key"),
                            "GLASSHOUSE_S3_SECRET_KEY", base.getString("glasshouse.s3.secret-key")));
            Duration wait = base.getDuration("glasshouse.cluster-manager.executor-start-timeout")
                    .plus(Duration.ofSeconds(30));
            List<ExecutorsFile.Executor> executors = awaitExecutors(clusterManager,
                    dataDir.resolve(ClusterManagerMain.STATE_DIR).resolve(ExecutorsFile.NAME), settings.executors(),
                    wait);
            if (s3 == null) s3 = join(s3Started);
            control = ControlServer.start(clusterManager,
                    dataDir.resolve(ClusterManagerMain.STATE_DIR).resolve(ExecutorsFile.NAME), s3);
            String master = host + ":" + settings.port();
            new LocalClusterFile(master, s3.endpoint(), ProcessHandle.current().pid(), control.port())
                    .write(LocalClusterFile.in(dataDir));
            clusterManager.keepRestarting();
            return new LocalCluster(s3, clusterManager, control, master, dataDir, executors);
        } catch (Exception e) {
            if (control != null) control.close();
            if (clusterManager != null) clusterManager.close();
            LeftoverExecutors.stop(dataDir.resolve(ClusterManagerMain.STATE_DIR).resolve(ExecutorsFile.NAME));
            if (s3 == null) s3 = s3Started.handle((server, failure) -> server).join();
            if (s3 != null) s3.close();
            throw e;
        }
    }

    private static void refuseSecondCluster(Path dataDir) throws IOException {
        Optional<LocalClusterFile> running = LocalClusterFile.read(LocalClusterFile.in(dataDir))
                .filter(LocalClusterFile::supervisorAlive);
        if (running.isPresent()) {
            throw new IllegalStateException("a local cluster is already running in " + dataDir + " (process "
                    + running.get().supervisorPid() + ", master " + running.get().master()
                    + "): stop it first or choose another --data-dir");
        }
    }

    /** The cluster-manager's JVM: this JVM's class path and glasshouse/akka settings, and the cluster's shape. */
    private static List<String> clusterManagerCommand(Settings settings, String s3Endpoint) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CLUSTER_MANAGER_JVM_OPTIONS);
        // What was set on this command (GLASSHOUSE_JAVA_OPTS=-D...) holds for the cluster-manager and, through
        // it, for the executors, as when both ran in this JVM.
        Properties properties = System.getProperties();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("glasshouse.") || key.startsWith("akka.") || key.startsWith("logback.")) {
                command.add("-D" + key + "=" + properties.getProperty(key));
            }
        }
        command.add("-Dglasshouse.s3.endpoint=" + s3Endpoint);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterManagerMain.class.getName(),
                "--executors", Integer.toString(settings.executors()), "--cores", Integer.toString(settings.cores()),
                "--memory-mb", Integer.toString(settings.memoryMb()), "--port", Integer.toString(settings.port()),
                "--data-dir", settings.dataDir().toString(),
                "--supervisor-pid", Long.toString(ProcessHandle.current().pid())));
        new TreeMap<>(settings.executorConf()).forEach((key, value) -> command.addAll(List.of("--conf",
                key + "=" + value)));
        return command;
    }

    /** Polls the file the cluster-manager keeps until it lists {@code count} executors. */
    private static List<ExecutorsFile.Executor> awaitExecutors(ClusterManagerSupervisor clusterManager,
                                                               Path executorsFile, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pid = clusterManager.current().map(ProcessHandle::pid).orElse(0L);
        while (true) {
            Optional<ExecutorsFile.Snapshot> snapshot = ExecutorsFile.read(executorsFile)
                    .filter(s -> s.clusterManagerPid() == pid);
            if (snapshot.isPresent() && snapshot.get().executors().size() >= count) {
                return snapshot.get().executors();
            }
            Integer exitCode = clusterManager.exitedDuringStart().getNow(null);
            if (exitCode != null) {
                throw new IllegalStateException("the cluster-manager (process " + pid + ") exited with code "
                        + exitCode + " before its executors registered; see its output above");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + snapshot.map(s -> s.executors().size()).orElse(0) + " of "
                        + count + " executors registered within " + timeout.toSeconds() + " s; see the executor "
                        + "logs in " + executorsFile.getParent().resolveSibling("executors"));
            }
            Thread.sleep(READY_POLL.toMillis());
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
        return master;
    }

    public String s3Endpoint() {
        return s3.endpoint();
    }

    /** The executors registered when the cluster became ready. */
    public List<ExecutorsFile.Executor> executors() {
        return executors;
    }

    /** The cluster-manager process now; 0 while it is being restarted. */
    public long clusterManagerPid() {
        return clusterManager.current().map(ProcessHandle::pid).orElse(0L);
    }

    public int controlPort() {
        return control.port();
    }

    /**
     * Stops the cluster-manager, which stops its executors first, then S3; kills executors a cluster-manager that
     * died left behind, so that no process remains.
     */
    @Override
    public void close() {
        control.close();
        clusterManager.close();
        LeftoverExecutors.stop(dataDir.resolve(ClusterManagerMain.STATE_DIR).resolve(ExecutorsFile.NAME));
        s3.close();
        try {
            Files.deleteIfExists(LocalClusterFile.in(dataDir));
        } catch (IOException e) {
            log.warn("could not delete {}: {}", LocalClusterFile.in(dataDir), e.toString());
        }
    }
}
