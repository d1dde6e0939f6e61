package dev.glasshouse.cli;

import com.typesafe.config.ConfigFactory;
import dev.glasshouse.cli.local.LocalCluster;
import dev.glasshouse.cli.local.LocalClusterFile;
import dev.glasshouse.clustermanager.state.ExecutorsFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code glasshouse local}: a whole cluster on this machine, in the foreground until Ctrl-C. This process is the
 * supervisor ({@link LocalCluster}): it serves S3 and the control endpoint, and restarts the cluster-manager
 * process when it dies.
 */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Start an embedded S3 server, the cluster-manager (restarted if it dies) and N executor JVMs; "
                + "Ctrl-C stops them all.")
public final class LocalCommand implements Callable<Integer> {

    @Option(names = "--executors", defaultValue = "2", description = "executor processes (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--cores", defaultValue = "1", description = "task slots per executor (default: ${DEFAULT-VALUE})")
    int cores;

    @Option(names = "--memory", defaultValue = "512m", converter = MemorySize.class,
            description = "heap per executor, e.g. 512m or 1g (default: ${DEFAULT-VALUE})")
    int memoryMb;

    @Option(names = "--port", defaultValue = "2551", description = "cluster-manager port, the --master of drivers (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--s3-port", defaultValue = "9000", description = "embedded S3 server port (default: ${DEFAULT-VALUE})")
    int s3Port;

    @Option(names = "--data-dir", defaultValue = "glasshouse-data",
            description = "where S3 buckets, executor blocks and executor logs live (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "a glasshouse.* setting for every executor, e.g. glasshouse.executor.storage-fraction=0.2 "
                    + "(repeatable; docs/configuration.md lists them)")
    Map<String, String> executorConf = new LinkedHashMap<>();

    @Option(names = "--parent-pid", hidden = true, description = "exit when this process ends (used by demo and tests)")
    long parentPid;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (executors < 1 || cores < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--executors and --cores must be at least 1");
        }
        for (String key : executorConf.keySet()) {
            if (!key.startsWith("glasshouse.")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--conf " + key
                        + ": only glasshouse.* settings can be passed to executors, e.g. "
                        + "--conf glasshouse.executor.storage-fraction=0.2");
            }
        }
        LocalCluster cluster = LocalCluster.start(ConfigFactory.load(),
                new LocalCluster.Settings(executors, cores, memoryMb, port, s3Port, dataDir.toAbsolutePath(),
                        executorConf));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local cluster...");
            cluster.close();
            stopped.countDown();
        }, "local-cluster-shutdown"));
        if (parentPid > 0) {
            ProcessHandle.of(parentPid).ifPresentOrElse(
                    parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
        System.out.println("Glasshouse local cluster ready");
        System.out.println("  master (cluster-manager): " + cluster.master() + "  (pid " + cluster.clusterManagerPid()
                + ", restarted if it exits)");
        System.out.println("  S3 endpoint:              " + cluster.s3Endpoint() + "  (data in " + dataDir.toAbsolutePath().resolve("s3") + ")");
        System.out.println("  control:                  http://127.0.0.1:" + cluster.controlPort() + "  (see "
                + LocalClusterFile.in(dataDir.toAbsolutePath()) + ")");
        for (ExecutorsFile.Executor e : cluster.executors()) {
            System.out.println("  executor " + e.executorId() + ": pid " + e.pid() + ", " + e.cores() + " core(s), "
                    + e.memoryMb() + " MB, blocks at " + e.blockServer());
        }
        System.out.println("Submit with: glasshouse submit sales-by-country --master " + cluster.master()
                + " --s3-endpoint " + cluster.s3Endpoint() + "    (Ctrl-C stops everything)");
        System.out.println("GLASSHOUSE-READY master=" + cluster.master() + " s3=" + cluster.s3Endpoint() + " executors="
                + cluster.executors().stream().map(e -> Long.toString(e.pid())).collect(Collectors.joining(","))
                + " supervisor=" + ProcessHandle.current().pid() + " cluster-manager=" + cluster.clusterManagerPid());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
