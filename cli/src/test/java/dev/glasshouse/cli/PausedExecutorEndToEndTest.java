package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.SchedulerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An executor paused with SIGSTOP in the middle of a job on a real local cluster (two executor JVMs of one core):
 * its process neither exits nor answers, so only the driver's liveness checks can find it. The driver must
 * declare it lost for missing heartbeats or for being unreachable, run its task on the other executor, and give
 * the right answer; the cluster-manager must then kill the paused process. Default liveness settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PausedExecutorEndToEndTest {
    private static final int TASKS = 12;
    private static final long TASK_MILLIS = 1000;

    /** A scheduler event and when the driver published it. */
    private record Stamped(long nanos, SchedulerEvent event) {
    }

    private Path dataDir;
    private LocalClusterProcess cluster;
    private GlasshouseSession session;
    private final List<Stamped> events = new CopyOnWriteArrayList<>();
    private long pausedPid = -1;

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-paused-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
        var config = ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
        session = GlasshouseSession.builder().config(config).master(cluster.master())
                .listener(event -> events.add(new Stamped(System.nanoTime(), event))).getOrCreate();
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (pausedPid > 0) {
                signal("-CONT", pausedPid);
                ProcessHandle.of(pausedPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } finally {
            if (session != null) session.close();
            if (cluster != null) cluster.close();
        }
    }

    @Test
    void aPausedExecutorIsDeclaredLostItsTaskRunsElsewhereAndTheJobGivesTheRightAnswer() throws Exception {
        CompletableFuture<List<Row>> job = CompletableFuture.supplyAsync(() ->
                session.range(0, TASKS, 1, TASKS).map(row -> {
                    Thread.sleep(TASK_MILLIS);
                    return new Row(row.get(0), (Long) row.get(0) * 3);
                }, "id long, tripled long").collect());

        // Pause the first executor handed a task, while that task sleeps.
        String paused = awaitEvent(SchedulerEvent.TaskStarted.class, Duration.ofSeconds(60)).executorId();
        ExecutorInfo info = events.stream().map(Stamped::event)
                .filter(SchedulerEvent.ExecutorAdded.class::isInstance).map(SchedulerEvent.ExecutorAdded.class::cast)
                .map(SchedulerEvent.ExecutorAdded::executor).filter(e -> e.executorId().equals(paused))
                .findFirst().orElseThrow();
        assertThat(cluster.executorPids()).contains(info.pid());
        pausedPid = info.pid();
        signal("-STOP", pausedPid);
        long pausedAt = System.nanoTime();

        List<Row> rows = job.get(60, TimeUnit.SECONDS);

        assertThat(rows.stream().sorted(Comparator.comparing(row -> (Long) row.get(0)))
                .map(row -> List.of(row.get(0), row.get(1))).toList())
                .isEqualTo(LongStream.range(0, TASKS).mapToObj(id -> List.<Object>of(id, id * 3)).toList());
        Stamped removal = events.stream()
                .filter(stamped -> stamped.event() instanceof SchedulerEvent.ExecutorRemoved removed
                        && removed.executorId().equals(paused))
                .findFirst().orElseThrow(() -> new AssertionError("executor " + paused + " was never removed"));
        SchedulerEvent.ExecutorRemoved removed = (SchedulerEvent.ExecutorRemoved) removal.event();
        Duration detection = Duration.ofNanos(removal.nanos() - pausedAt);
        System.out.println("paused executor " + paused + " declared lost after " + detection.toMillis() + " ms: "
                + removed.reason());
        assertThat(removed.reason()).matches("no heartbeat for \\d+\\.\\d s \\(process paused or hung\\?\\)"
                + "|unreachable in the Akka cluster for 3 s");
        assertThat(removed.tasksRequeued()).as("the task it was running ran again elsewhere").isEqualTo(1);
        // Heartbeat timeout (8 s) plus a check interval (1 s), with room for a loaded machine.
        assertThat(detection).isLessThan(Duration.ofSeconds(15));
        // The other executor, granted more than the heartbeat timeout ago, was never lost: its heartbeats (and
        // the driver's AttachDriver before them) crossed the process boundary.
        assertThat(events).filteredOn(stamped -> stamped.event() instanceof SchedulerEvent.ExecutorRemoved)
                .hasSize(1);

        // The cluster-manager heard it from the driver and killed the paused process (SIGTERM, then SIGKILL).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pausedPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime() - deadline).as("paused executor process %d still alive", pausedPid)
                    .isNegative();
            Thread.sleep(100);
        }
    }

    private <E extends SchedulerEvent> E awaitEvent(Class<E> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<E> found = events.stream().map(Stamped::event).filter(type::isInstance).map(type::cast)
                    .findFirst();
            if (found.isPresent()) return found.get();
            Thread.sleep(10);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
