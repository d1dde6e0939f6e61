package dev.glasshouse.executor;

import static org.assertj.core.api.Assertions.assertThat;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.receptionist.Receptionist;
import com.typesafe.config.ConfigFactory;
import dev.glasshouse.core.csv.CsvFormatException;
import dev.glasshouse.core.exec.FetchFailedException;
import dev.glasshouse.core.exec.TaskEnvironment;
import dev.glasshouse.core.exec.TaskResult;
import dev.glasshouse.executor.cache.CacheStore;
import dev.glasshouse.core.exec.TaskPlan;
import dev.glasshouse.core.exec.TestJars;
import dev.glasshouse.core.protocol.ClusterManagerProtocol;
import dev.glasshouse.core.protocol.DriverProtocol;
import dev.glasshouse.core.protocol.ExecutorInfo;
import dev.glasshouse.core.protocol.ExecutorProtocol;
import dev.glasshouse.core.protocol.FetchFailure;
import dev.glasshouse.core.protocol.TaskAttemptId;
import dev.glasshouse.core.protocol.TaskDescription;
import dev.glasshouse.core.protocol.TaskMetrics;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.executor.block.ShuffleBlockStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutorActorTest {
    private static final String APP = "app-1";
    private static final TaskMetrics METRICS = new TaskMetrics(5, 100, 10, 0, 0, 0, 0, 0, 0);

    @TempDir
    Path workDir;
    private ActorTestKit testKit;
    private ShuffleBlockStore store;
    /** Behaviour of each task, by partition; a task not listed succeeds at once. */
    private CacheStore cache;
    private final Map<Integer, ThrowingTask> tasks = new ConcurrentHashMap<>();

    private interface ThrowingTask {
        TaskMetrics run() throws Exception;
    }

    @BeforeEach
    void start() throws IOException {
        testKit = ActorTestKit.create(ConfigFactory.parseString("akka.actor.provider = local")
                .withFallback(ConfigFactory.load()));
        store = new ShuffleBlockStore(workDir);
        cache = new CacheStore("exec-1", workDir.resolve("cache"), 1 << 20, (app, blocks, reason) -> { });
    }

    @AfterEach
    void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void registersWithTheClusterManagerAndRepeatsUntilAnswered() {
        TestProbe<ClusterManagerProtocol.Command> clusterManager = registeredClusterManager();
        ExecutorInfo info = info(1);
        testKit.spawn(executor(info));

        var first = clusterManager.expectMessageClass(ClusterManagerProtocol.RegisterExecutor.class);
        assertThat(first.info()).isEqualTo(info);
        var repeated = clusterManager.expectMessageClass(ClusterManagerProtocol.RegisterExecutor.class,
                ExecutorActor.REGISTRATION_RETRY.plusSeconds(3));
        assertThat(repeated.info()).isEqualTo(info);

        repeated.executor().tell(new ExecutorProtocol.Registered(info.executorId(), info.incarnation()));
        clusterManager.expectNoMessage(ExecutorActor.REGISTRATION_RETRY.plusSeconds(1));
    }

    @Test
    void reportsFinishedTasksWithTheirMetrics() {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        tasks.put(0, () -> METRICS);

        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef()));

        var finished = driver.expectMessageClass(DriverProtocol.TaskFinished.class);
        assertThat(finished.attempt()).isEqualTo(task(0).id());
        assertThat(finished.executorId()).isEqualTo("exec-1");
        assertThat(finished.incarnation()).isEqualTo(77);
        assertThat(finished.metrics()).isEqualTo(METRICS);
    }

    @Test
    void reportsFailedTasksWithTheWholeCauseChain() {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        tasks.put(0, () -> {
            throw new RuntimeException(new CsvFormatException("s3://raw/sales.csv", 17, 0, "amount",
                    "cannot read 'abc' as double", new NumberFormatException("For input string: \"abc\"")));
        });

        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef()));

        var failed = driver.expectMessageClass(DriverProtocol.TaskFailed.class);
        assertThat(failed.fetchFailure()).isNull();
        assertThat(failed.error()).isEqualTo("CsvFormatException: s3://raw/sales.csv line 17, column 'amount': "
                + "cannot read 'abc' as double; caused by NumberFormatException: For input string: \"abc\"");
    }

    @Test
    void failsAnAttemptTheDriverChoseForChaosWithoutRunningIt() {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        tasks.put(0, () -> {
            ran.set(true);
            return METRICS;
        });

        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef(), List.of(),
                "chaos: injected task failure (probability 0.10, seed 3)"));

        var failed = driver.expectMessageClass(DriverProtocol.TaskFailed.class);
        assertThat(failed.error()).isEqualTo("InjectedTaskFailure: chaos: injected task failure (probability 0.10, seed 3)");
        assertThat(failed.fetchFailure()).isNull();
        assertThat(ran).isFalse();
    }

    @Test
    void reportsAFetchFailureAnywhereInTheCauseChain() {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        FetchFailure failure = new FetchFailure(2, 3, 4, "exec-9", "127.0.0.1:1234", "HTTP 404");
        tasks.put(0, () -> {
            throw new UncheckedIOException(new IOException("wrapped",
                    new FetchFailedException(failure, new IOException("HTTP 404"))));
        });

        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef()));

        var failed = driver.expectMessageClass(DriverProtocol.TaskFailed.class);
        assertThat(failed.fetchFailure()).isEqualTo(failure);
        assertThat(failed.error()).contains("FetchFailedException: fetch failed: shuffle 2 map partition 3");
    }

    @Test
    void runsAsManyTasksAtOnceAsItHasCoresAndStaysResponsiveMeanwhile() throws Exception {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(2)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        CountDownLatch bothRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        for (int partition = 0; partition < 3; partition++) {
            tasks.put(partition, () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                bothRunning.countDown();
                release.await();
                running.decrementAndGet();
                return METRICS;
            });
        }
        try (TaskEnvironment.BlockOutput output = store.createResultBlock(APP, 0, 0)) {
            output.stream().write(1);
            output.commit();
        }

        for (int partition = 0; partition < 3; partition++) {
            executor.tell(new ExecutorProtocol.LaunchTask(task(partition), driver.getRef()));
        }
        assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
        // Both slots are taken: the actor still handles messages, and the third task waits for a slot.
        executor.tell(new ExecutorProtocol.ApplicationEnded(APP));
        driver.awaitAssert(() -> assertThat(workDir.resolve(APP)).doesNotExist());
        assertThat(running.get()).isEqualTo(2);

        release.countDown();
        for (int i = 0; i < 3; i++) driver.expectMessageClass(DriverProtocol.TaskFinished.class);
        assertThat(mostAtOnce.get()).isEqualTo(2);
    }

    @Test
    void runsEachApplicationsTasksWithItsOwnClassLoaderAndDropsItWhenTheApplicationEnds() throws Exception {
        try (TestS3 s3 = new TestS3().start()) {
            String jar = "s3://glasshouse-apps/" + APP + "/app.jar";
            s3.store().ensureBucket("glasshouse-apps");
            s3.store().upload(S3Path.parse(jar), TestJars.compile(workDir.resolve("build/app.jar"), Map.of(
                    "com.example.Greeting", "package com.example; public class Greeting { }")));
            ApplicationClassLoaders loaders = new ApplicationClassLoaders(workDir.resolve("jars"),
                    getClass().getClassLoader(), ApplicationClassLoaders.fromS3(s3.store()));
            ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1), loaders));
            TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
            Map<Integer, Boolean> sawGreeting = new ConcurrentHashMap<>();
            for (int partition = 0; partition < 2; partition++) {
                int p = partition;
                tasks.put(p, () -> {
                    sawGreeting.put(p, canLoad(Thread.currentThread().getContextClassLoader(), "com.example.Greeting"));
                    return METRICS;
                });
            }

            executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef(), List.of(jar)));
            driver.expectMessageClass(DriverProtocol.TaskFinished.class);
            // Same slot, an application that ships nothing: the slot's loader was restored.
            executor.tell(new ExecutorProtocol.LaunchTask(task("app-2", 1), driver.getRef()));
            driver.expectMessageClass(DriverProtocol.TaskFinished.class);

            assertThat(sawGreeting).isEqualTo(Map.of(0, true, 1, false));
            assertThat(loaders.directory(APP).resolve("app.jar")).isRegularFile();

            executor.tell(new ExecutorProtocol.ApplicationEnded(APP));
            driver.awaitAssert(() -> assertThat(loaders.directory(APP)).doesNotExist());
        }
    }

    @Test
    void aMissingClassIsReportedWithItsApplicationAndTheRemedy() {
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(1)));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        tasks.put(0, () -> {
            throw new IllegalStateException("the function given to map cannot be loaded on this executor: class"
                    + " com.example.Main was not found", new ClassNotFoundException("com.example.Main"));
        });

        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef()));

        var failed = driver.expectMessageClass(DriverProtocol.TaskFailed.class);
        assertThat(failed.error()).startsWith("IllegalStateException: the function given to map cannot be loaded")
                .contains("class com.example.Main is neither on executor exec-1's class path nor in the jars of"
                        + " application app-1 (it shipped none): pass the jar that holds it with"
                        + " 'glasshouse submit --jar'");
    }

    @Test
    void heartbeatsTellTheAttachedDriverItsRunningTasksAtTheIntervalUntilTheApplicationEnds() throws Exception {
        Duration interval = Duration.ofMillis(200);
        Duration patience = interval.multipliedBy(10);
        ActorRef<ExecutorProtocol.Command> executor = testKit.spawn(executor(info(2), noDownloads(), interval));
        TestProbe<DriverProtocol.Command> driver = testKit.createTestProbe();
        executor.tell(new ExecutorProtocol.AttachDriver(APP, driver.getRef()));

        // Attached, before any task: alive, running nothing.
        assertThat(driver.expectMessageClass(DriverProtocol.ExecutorHeartbeat.class, patience))
                .isEqualTo(new DriverProtocol.ExecutorHeartbeat(APP, "exec-1", 77, List.of()));

        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        tasks.put(0, () -> {
            started.countDown();
            release.await();
            return METRICS;
        });
        executor.tell(new ExecutorProtocol.LaunchTask(task(0), driver.getRef()));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        driver.expectMessageClass(DriverProtocol.ExecutorHeartbeat.class, patience); // may predate the launch
        List<Long> beats = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var beat = driver.expectMessageClass(DriverProtocol.ExecutorHeartbeat.class, patience);
            beats.add(System.nanoTime());
            assertThat(beat.runningTaskIds()).containsExactly(task(0).id().taskId());
        }
        assertThat(Duration.ofNanos(beats.get(2) - beats.get(0)))
                .as("three heartbeats span two intervals: sent at the interval, not in a burst")
                .isGreaterThanOrEqualTo(interval.multipliedBy(3).dividedBy(2));

        release.countDown();
        driver.fishForMessage(patience, message -> message instanceof DriverProtocol.TaskFinished
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        driver.expectMessageClass(DriverProtocol.ExecutorHeartbeat.class, patience); // may predate the report
        assertThat(driver.expectMessageClass(DriverProtocol.ExecutorHeartbeat.class, patience).runningTaskIds())
                .as("a reported task is no longer running").isEmpty();

        executor.tell(new ExecutorProtocol.ApplicationEnded(APP));
        // A task of another application, launched after: once it is reported, the executor has handled
        // ApplicationEnded, and every heartbeat it sent the ended application's driver before is in its queue.
        TestProbe<DriverProtocol.Command> otherDriver = testKit.createTestProbe();
        executor.tell(new ExecutorProtocol.LaunchTask(task("app-2", 1), otherDriver.getRef()));
        otherDriver.fishForMessage(patience, message -> message instanceof DriverProtocol.TaskFinished
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        drain(driver);
        driver.expectNoMessage(interval.multipliedBy(4));
    }

    /** Takes the messages already in the probe's queue. */
    private static void drain(TestProbe<?> probe) {
        while (true) {
            try {
                probe.receiveMessage(Duration.ofMillis(20));
            } catch (AssertionError empty) {
                return;
            }
        }
    }

    private static boolean canLoad(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private Behavior<ExecutorProtocol.Command> executor(ExecutorInfo info) {
        return executor(info, noDownloads());
    }

    private ApplicationClassLoaders noDownloads() {
        return new ApplicationClassLoaders(workDir.resolve("jars"), getClass().getClassLoader(), (jar, target) -> {
            throw new IOException("this executor was started without S3 access for jars");
        });
    }

    private Behavior<ExecutorProtocol.Command> executor(ExecutorInfo info, ApplicationClassLoaders loaders) {
        // No heartbeat within a test: the driver probes see only the task reports they wait for.
        return executor(info, loaders, Duration.ofHours(1));
    }

    private Behavior<ExecutorProtocol.Command> executor(ExecutorInfo info, ApplicationClassLoaders loaders,
                                                        Duration heartbeatInterval) {
        return ExecutorActor.create(info, null, store, cache, new DriverDirectory(), loaders, this::runTask,
                heartbeatInterval);
    }

    private TaskResult runTask(TaskDescription task, TaskEnvironment environment) throws Exception {
        ThrowingTask behaviour = tasks.get(task.id().partition());
        return new TaskResult(behaviour == null ? METRICS : behaviour.run());
    }

    private TestProbe<ClusterManagerProtocol.Command> registeredClusterManager() {
        TestProbe<ClusterManagerProtocol.Command> clusterManager = testKit.createTestProbe();
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(ClusterManagerProtocol.SERVICE_KEY,
                clusterManager.getRef(), registered.getRef()));
        registered.expectMessageClass(Receptionist.Registered.class);
        return clusterManager;
    }

    private static ExecutorInfo info(int cores) {
        return new ExecutorInfo("exec-1", 77, "127.0.0.1", 4000, cores, 512, 1234);
    }

    private static TaskDescription task(int partition) {
        return task(APP, partition);
    }

    private static TaskDescription task(String applicationId, int partition) {
        return new TaskDescription(new TaskAttemptId(applicationId, 0, 1, 0, partition, 0, 100 + partition),
                new TaskPlan(null, List.of(), null));
    }
}
