package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterControl;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.JobFailedException;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster-manager process of a real local cluster killed with SIGKILL in the middle of a job: the job goes on
 * and gives the right answer; the supervisor starts a new cluster-manager, which rejoins the cluster and re-learns
 * the executors (the same processes) and which application holds them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterManagerRestartEndToEndTest {
    /** 12 tasks of 1 s (100 rows each) on 2 executors: about 6 s, so the job runs through the cluster-manager's death. */
    private static final int PARTITIONS = 12;
    private static final long ROWS = 1_200;

    private Path dataDir;
    private LocalClusterProcess cluster;
    private Config config;
    private GlasshouseSession session;
    private GlasshouseSession other;
    private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-cm-restart-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        session = GlasshouseSession.builder().config(config).master(cluster.master()).listener(events::add)
                .getOrCreate();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (other != null) other.close();
        if (session != null) session.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void aKilledClusterManagerIsReplacedByOneThatRejoinsAndRelearnsTheExecutorsWhileTheJobGoesOn()
            throws Exception {
        LocalClusterControl control = cluster.control();
        long killed = control.clusterManagerPid();
        List<LocalClusterControl.ExecutorProcess> executors = control.executors();
        assertThat(executors).hasSize(2);

        CompletableFuture<List<Row>> job = CompletableFuture.supplyAsync(() -> session.range(0, ROWS, 1, PARTITIONS)
                .map(row -> {
                    long id = (Long) row.get(0);
                    if (id % (ROWS / PARTITIONS) == 0) sleep(1000); // at the first row of each partition
                    return new Row(id * 2);
                }, "doubled long").collect());
        awaitTrue(() -> events.stream().anyMatch(event -> event instanceof SchedulerEvent.TaskEnded),
                "a first task ended", Duration.ofSeconds(30));
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        List<Row> doubled = job.get(60, TimeUnit.SECONDS);
        assertThat(doubled.stream().mapToLong(row -> (Long) row.get(0)).sum())
                .isEqualTo(LongStream.range(0, ROWS).map(id -> id * 2).sum());
        assertThat(events).as("no executor was lost").noneMatch(event -> event instanceof SchedulerEvent.ExecutorRemoved);

        awaitTrue(() -> {
            long now = control.clusterManagerPid();
            return now != killed && now != 0 && control.executors().size() == executors.size();
        }, "a new cluster-manager with the executors registered again", Duration.ofSeconds(45));
        assertThat(control.executors()).as("the same executor processes, adopted")
                .containsExactlyInAnyOrderElementsOf(executors);
        Path clusterLog = dataDir.resolve("cluster.log");
        awaitTrue(() -> Files.readString(clusterLog).contains("application " + session.applicationId()
                + " already works with executors [exec-1, exec-2]"), "the driver told the new cluster-manager",
                Duration.ofSeconds(20));

        assertThat(session.range(0, 500, 1, 4).count()).as("a job after the restart").isEqualTo(500);

        // The new cluster-manager knows the executors are the first application's: another waits for them.
        other = GlasshouseSession.builder().config(config).master(cluster.master())
                .config("glasshouse.driver.executor-wait", "3s").getOrCreate();
        assertThatThrownBy(() -> other.range(0, 10, 1, 1).count()).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("the cluster-manager granted none");
        session.close();
        session = null;
        assertThat(other.range(0, 100, 1, 2).count()).as("once the first application released them").isEqualTo(100);
        assertThat(other.executors().keySet()).containsExactlyInAnyOrder("exec-1", "exec-2");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + timeout + ": " + what);
            Thread.sleep(100);
        }
    }
}
