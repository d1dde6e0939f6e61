package dev.glasshouse.executor;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.exec.PartitionTask;
import dev.glasshouse.core.memory.ByteSizes;
import dev.glasshouse.core.memory.ExecutionMemory;
import dev.glasshouse.core.memory.MemoryBudget;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.executor.block.ShuffleBlockServer;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import dev.glasshouse.executor.cache.CacheStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor process: a block server for its shuffle and result blocks, and an actor system that joins the
 * cluster and registers with the cluster-manager. Started by the cluster-manager's backend.
 *
 * <p>Configuration (Typesafe config; the backend passes them as {@code -D} options):
 * {@code glasshouse.executor.id}, {@code .cores}, {@code .memory-mb}, {@code .memory-fraction},
 * {@code .storage-fraction}, {@code .work-dir},
 * {@code .block-server-port}, {@code .parent-pid}, {@code .heartbeat-interval}; {@code glasshouse.cluster.host}
 * (address of both the block server and the actor system), {@code .master}, {@code .system-name};
 * {@code glasshouse.s3.*}.
 *
 * <p>The process ends on SIGTERM (leaving the cluster cleanly); when the actor system stops (the cluster removed
 * this node, and a replacement runs under a new id, so this one has nothing left to do); and, when
 * {@code parent-pid} is set, as soon as that process ends. In a local cluster that is the supervisor
 * ({@code glasshouse local}), not the cluster-manager that started the executor: the executor outlives a crash of
 * the cluster-manager, registers with the restarted one, and still never outlives the local cluster.
 */
public final class ExecutorMain {
    private static final Logger log = LoggerFactory.getLogger(ExecutorMain.class);
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    /** What a started executor holds; {@link #releaseLocalResources()} gives back what outlives the JVM. */
    private record Running(String executorId, ShuffleBlockServer blockServer, ShuffleBlockStore blockStore,
                           CacheStore cacheStore, ObjectStore objectStore, ApplicationClassLoaders classLoaders) {

        /** Stops serving blocks; deletes them and the jars: nobody needs them once this executor is gone. */
        void releaseLocalResources() {
            blockServer.close();
            try {
                blockStore.deleteAllApplications();
                cacheStore.deleteAll();
            } catch (IOException e) {
                log.warn("executor {}: could not delete its blocks: {}", executorId, e.toString());
            }
            try {
                classLoaders.close();
            } catch (IOException e) {
                log.warn("executor {}: could not delete the application jars: {}", executorId, e.toString());
            }
            try {
                objectStore.close();
            } catch (RuntimeException e) {
                log.warn("executor {}: {}", executorId, e.toString());
            }
        }
    }

    private ExecutorMain() {
    }

    public static void main(String[] args) {
        Config config = ConfigFactory.load();
        String executorId = config.getString("glasshouse.executor.id");
        Optional<ProcessHandle> parent = parentProcess(executorId, config.getLong("glasshouse.executor.parent-pid"));
        Running running;
        try {
            running = start(config, executorId);
        } catch (IOException | RuntimeException e) {
            log.error("executor {} failed to start: {}", executorId, e.getMessage(), e);
            System.exit(1);
            return;
        }
        parent.ifPresent(process -> process.onExit().thenRun(() -> {
            // The parent is the local cluster's supervisor, and the cluster-manager goes with it: a clean leave can
            // only time out, so the executor frees what would outlive it and halts at once.
            log.warn("executor {}: parent process {} ended; exiting", executorId, process.pid());
            running.releaseLocalResources();
            Runtime.getRuntime().halt(0);
        }));
    }

    private static Running start(Config config, String executorId) throws IOException {
        String host = config.getString("glasshouse.cluster.host");
        ShuffleBlockStore blockStore =
                new ShuffleBlockStore(Path.of(config.getString("glasshouse.executor.work-dir")));
        ShuffleBlockServer blockServer =
                ShuffleBlockServer.start(blockStore, host, config.getInt("glasshouse.executor.block-server-port"));
        ObjectStore objectStore = new ObjectStore(S3Settings.fromConfig(config));
        // Spill files live beside the blocks ({work-dir}/spill/{task attempt}/), so the backend's deletion of the
        // executor's directory takes any a killed task left behind.
        MemoryBudget budget = MemoryBudget.fromConfig(config);
        DriverDirectory drivers = new DriverDirectory();
        CacheStore cacheStore = new CacheStore(executorId, blockStore.workDir().resolve("cache"),
                budget.storageBytes(), (applicationId, blocks, reason) -> drivers.driverOf(applicationId).ifPresent(
                        driver -> driver.tell(new DriverProtocol.CachedBlocksDropped(applicationId, executorId,
                                blocks, reason))));
        ExecutorTaskEnvironment environment = new ExecutorTaskEnvironment(objectStore, blockStore, new BlockClient(),
                cacheStore, new ExecutionMemory(budget, blockStore.workDir().resolve("spill")));
        log.info("executor {}: {} heap, {} of execution memory per task ({}), {} of storage memory for cached"
                        + " partitions", executorId, budget.describeHeap(),
                ByteSizes.describe(budget.executionBytesPerSlot()), budget.describeExecutionShare(),
                ByteSizes.describe(budget.storageBytes()));
        ExecutorInfo info = new ExecutorInfo(executorId, System.currentTimeMillis(), host, blockServer.port(),
                config.getInt("glasshouse.executor.cores"), config.getInt("glasshouse.executor.memory-mb"),
                ProcessHandle.current().pid());

        // Jars beside the blocks, under their own folder: {work-dir}/jars/{applicationId}/.
        ApplicationClassLoaders classLoaders = new ApplicationClassLoaders(blockStore.workDir().resolve("jars"),
                ExecutorMain.class.getClassLoader(), ApplicationClassLoaders.fromS3(objectStore));

        ActorSystem<ExecutorProtocol.Command> system = ClusterNode.start(
                ExecutorActor.create(info, environment, blockStore, cacheStore, drivers, classLoaders,
                        PartitionTask::run, config.getDuration("glasshouse.executor.heartbeat-interval")),
                ClusterNode.Role.EXECUTOR, config, 0);
        Running running = new Running(executorId, blockServer, blockStore, cacheStore, objectStore, classLoaders);

        AtomicBoolean shuttingDown = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shuttingDown.set(true);
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("executor {}: actor system did not stop in {} s: {}", executorId, SHUTDOWN_WAIT_SECONDS,
                        e.toString());
            }
            running.releaseLocalResources();
        }, "executor-shutdown"));
        system.getWhenTerminated().thenRun(() -> {
            // Without its actor system the executor can run no task; leaving makes the backend notice at once.
            if (!shuttingDown.get()) {
                log.error("executor {}: actor system stopped (removed from the cluster); exiting", executorId);
                System.exit(1);
            }
        });
        return running;
    }

    /** The process to follow out, if any; exits at once when it is already gone. */
    private static Optional<ProcessHandle> parentProcess(String executorId, long parentPid) {
        if (parentPid <= 0) return Optional.empty();
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty()) {
            log.error("executor {}: parent process {} is not running; exiting", executorId, parentPid);
            System.exit(1);
        }
        return parent;
    }
}
