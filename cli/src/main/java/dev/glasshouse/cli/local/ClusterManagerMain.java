package dev.glasshouse.cli.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.clustermanager.ClusterManagerNode;
import dev.glasshouse.clustermanager.backend.LocalProcessBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster-manager process of a local cluster, started (and restarted when it dies) by the supervisor,
 * {@code glasshouse local} ({@link ClusterManagerSupervisor}); not a user command. It runs the cluster-manager
 * on its fixed port, with its executors as child JVMs that follow the supervisor out, not this process, and its
 * state in {@code <data-dir>/cluster-manager/}, so that a restarted one rejoins the cluster and adopts them.
 *
 * <p>The S3 endpoint comes as {@code -Dglasshouse.s3.endpoint}, the credentials in the environment. The process
 * exits when the supervisor ends (stopping its executors first, as on SIGTERM), and with code 1 when its actor
 * system stops on its own (the cluster downed it), so that the supervisor starts a new one.
 */
@Command(name = "cluster-manager", description = "The cluster-manager of a local cluster (started by glasshouse local).")
public final class ClusterManagerMain implements Callable<Integer> {
    /** The state folder under the data folder: members and executors, for the next cluster-manager. */
    public static final String STATE_DIR = "cluster-manager";
    private static final Logger log = LoggerFactory.getLogger(ClusterManagerMain.class);

    @Option(names = "--executors", required = true)
    int executors;

    @Option(names = "--cores", required = true)
    int cores;

    @Option(names = "--memory-mb", required = true)
    int memoryMb;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--data-dir", required = true)
    Path dataDir;

    @Option(names = "--supervisor-pid", required = true)
    long supervisorPid;

    @Option(names = "--conf", paramLabel = "KEY=VALUE")
    Map<String, String> executorConf = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterManagerMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ProcessHandle supervisor = ProcessHandle.of(supervisorPid).filter(ProcessHandle::isAlive).orElse(null);
        if (supervisor == null) {
            log.error("the supervisor process {} is not running; exiting", supervisorPid);
            return 1;
        }
        Config config = ConfigFactory.load();
        LocalProcessBackend.Settings defaults = LocalProcessBackend.Settings.fromConfig(config,
                dataDir.resolve("executors"), port);
        // Executor logs go to their own files, so they can afford INFO: the end of every task is there.
        List<String> jvmOptions = new ArrayList<>(defaults.jvmOptions());
        jvmOptions.add("-Dglasshouse.log.level=INFO");
        new TreeMap<>(executorConf).forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        LocalProcessBackend backend = new LocalProcessBackend(
                defaults.withJvmOptions(jvmOptions).withParentPid(supervisorPid));
        ClusterManagerNode node = ClusterManagerNode.start(config, port, executors, cores, memoryMb, backend,
                dataDir.resolve(STATE_DIR));
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicBoolean removed = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            // Removed from the cluster, this process leaves its executors to the cluster-manager that follows.
            if (!removed.get()) node.close();
        }, "cluster-manager-shutdown"));
        supervisor.onExit().thenRun(() -> {
            log.warn("the supervisor process {} ended; stopping the cluster-manager and its executors",
                    supervisorPid);
            System.exit(0);
        });
        node.system().getWhenTerminated().toCompletableFuture().join();
        if (stopping.get()) return 0;
        // Downed by the cluster, say after a long pause: a new process can rejoin, this one cannot. Its executors
        // still serve their drivers; the next cluster-manager adopts them.
        removed.set(true);
        log.error("the cluster-manager's actor system stopped (removed from the cluster); exiting so that the "
                + "supervisor starts a new one");
        return 1;
    }
}
