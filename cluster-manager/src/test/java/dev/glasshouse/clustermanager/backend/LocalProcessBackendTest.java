package dev.glasshouse.clustermanager.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real child JVMs running {@link StandInExecutor}. */
class LocalProcessBackendTest {
    private static final Duration JVM_START = Duration.ofSeconds(30);
    private static final String SECRET = "s3cr3t-value";

    private record Exit(String executorId, int exitCode, String reason, long atNanos) {
    }

    @TempDir
    Path workDir;
    private final BlockingQueue<Exit> exits = new LinkedBlockingQueue<>();
    private LocalProcessBackend backend;

    /** Started by the test, not the backend; killed after each test whatever happened. */
    private final List<Process> outsiders = new java.util.ArrayList<>();

    @AfterEach
    void stopEverything() {
        if (backend != null) backend.stopAll();
        outsiders.forEach(Process::destroyForcibly);
    }

    @Test
    void startsTheExecutorWithItsSettingsAndSecretsOnlyInTheEnvironment() throws Exception {
        backend = start(settings(List.of()));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 3, 64));
        String log = awaitReady("exec-1");

        assertThat(log).contains("id=exec-1", "cores=3", "master=127.0.0.1:2551",
                "parent-pid=" + ProcessHandle.current().pid(), "secret=" + SECRET);
        // The whole command line as the operating system shows it to `ps` (ProcessHandle.Info cuts it short).
        long pid = backend.pid("exec-1").orElseThrow();
        String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertThat(commandLine).contains("-Xmx64m", "-Dglasshouse.executor.id=exec-1",
                "-Dglasshouse.executor.work-dir=" + workDir.resolve("exec-1"), StandInExecutor.class.getName());
        assertThat(commandLine).doesNotContain(SECRET);
    }

    @Test
    void reportsAnExitWithItsCodeAndLog() throws Exception {
        backend = start(settings(List.of("-Dtest.exit-code=3")));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));

        Exit exit = exits.poll(JVM_START.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.executorId()).isEqualTo("exec-1");
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.reason()).contains("process exited with code 3", workDir.resolve("exec-1.log").toString());
        awaitGone("exec-1");
    }

    @Test
    void noticesAKilledExecutorAtOnce() throws Exception {
        backend = start(settings(List.of()));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));
        awaitReady("exec-1");
        Files.createDirectories(workDir.resolve("exec-1").resolve("app-1"));
        ProcessHandle process = ProcessHandle.of(backend.pid("exec-1").orElseThrow()).orElseThrow();

        long killedAt = System.nanoTime();
        process.destroyForcibly();

        Exit exit = exits.poll(10, TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.executorId()).isEqualTo("exec-1");
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(Duration.ofNanos(exit.atNanos() - killedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(workDir.resolve("exec-1")).as("a gone executor's blocks are deleted").doesNotExist();
    }

    @Test
    void aStoppedExecutorIsNotReportedAsLost() throws Exception {
        backend = start(settings(List.of()));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));
        awaitReady("exec-1");
        ProcessHandle process = ProcessHandle.of(backend.pid("exec-1").orElseThrow()).orElseThrow();

        backend.stop("exec-1");

        process.onExit().get(10, TimeUnit.SECONDS);
        awaitGone("exec-1");
        assertThat(exits).isEmpty();
    }

    @Test
    void stopAllLeavesNoProcessBehindAndLaunchesNothingAfterwards() throws Exception {
        backend = start(settings(List.of()));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-2", 1, 64));
        awaitReady("exec-1");
        awaitReady("exec-2");
        List<ProcessHandle> processes = List.of(
                ProcessHandle.of(backend.pid("exec-1").orElseThrow()).orElseThrow(),
                ProcessHandle.of(backend.pid("exec-2").orElseThrow()).orElseThrow());

        backend.stopAll();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().children()).noneMatch(processes::contains);
        backend.stopAll();
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-3", 1, 64));
        assertThat(backend.pid("exec-3")).isEmpty();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(exits).isEmpty();
    }

    @Test
    void executorsFollowTheProcessTheSettingsName() throws Exception {
        long supervisor = ProcessHandle.current().parent().orElseThrow().pid();
        backend = start(settings(List.of()).withParentPid(supervisor));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));

        assertThat(awaitReady("exec-1")).contains("parent-pid=" + supervisor);
    }

    @Test
    void noticesAKilledAdoptedExecutorWithinTwoSeconds() throws Exception {
        Process other = startOutsideTheBackend("exec-7");
        backend = start(settings(List.of()));
        Files.createDirectories(workDir.resolve("exec-7").resolve("app-1"));

        backend.adopt("exec-7", other.pid());
        assertThat(backend.pid("exec-7")).contains(other.pid());
        long killedAt = System.nanoTime();
        other.destroyForcibly();

        Exit exit = exits.poll(10, TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.executorId()).isEqualTo("exec-7");
        assertThat(exit.reason()).contains("process " + other.pid() + " ended");
        assertThat(Duration.ofNanos(exit.atNanos() - killedAt)).isLessThan(Duration.ofSeconds(2));
        awaitGone("exec-7");
        assertThat(workDir.resolve("exec-7")).as("a gone executor's blocks are deleted").doesNotExist();
    }

    @Test
    void anAdoptedExecutorIsStoppedLikeALaunchedOneAndItsStopIsNotReported() throws Exception {
        Process first = startOutsideTheBackend("exec-1");
        Process second = startOutsideTheBackend("exec-2");
        backend = start(settings(List.of()));
        backend.adopt("exec-1", first.pid());
        backend.adopt("exec-2", second.pid());

        backend.stop("exec-1");
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        awaitGone("exec-1");
        backend.stopAll();

        assertThat(second.isAlive()).isFalse();
        assertThat(exits).isEmpty();
    }

    @Test
    void adoptingAProcessThatIsGoneReportsItGone() throws Exception {
        Process gone = startOutsideTheBackend("exec-3");
        gone.destroyForcibly().waitFor();
        backend = start(settings(List.of()));

        backend.adopt("exec-3", gone.pid());

        Exit exit = exits.poll(10, TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.executorId()).isEqualTo("exec-3");
        assertThat(exit.reason()).contains("is not running");
    }

    @Test
    void anExitBeforeTheListenerIsSetIsToldOnceItIs() throws Exception {
        LocalProcessBackend early = new LocalProcessBackend(settings(List.of("-Dtest.exit-code=3")));
        backend = early;
        early.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));
        awaitReady("exec-1");
        awaitGone("exec-1"); // its exit handled, with no one to tell yet

        early.start((executorId, exitCode, reason) ->
                exits.add(new Exit(executorId, exitCode, reason, System.nanoTime())));

        Exit exit = exits.poll(10, TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.executorId()).isEqualTo("exec-1");
        assertThat(exit.exitCode()).isEqualTo(3);
    }

    @Test
    void aProcessThatCannotBeStartedIsReported() throws Exception {
        Path notADirectory = Files.writeString(workDir.resolve("file"), "x");
        backend = start(new LocalProcessBackend.Settings(notADirectory, "127.0.0.1", "127.0.0.1:2551",
                System.getProperty("java.class.path"), StandInExecutor.class.getName(), Map.of(), List.of()));
        backend.launch(new ExecutorBackend.ExecutorLaunch("exec-1", 1, 64));

        Exit exit = exits.poll(10, TimeUnit.SECONDS);
        assertThat(exit).isNotNull();
        assertThat(exit.exitCode()).isEqualTo(-1);
        assertThat(exit.reason()).contains("could not start the executor process");
    }

    private LocalProcessBackend.Settings settings(List<String> jvmOptions) {
        return new LocalProcessBackend.Settings(workDir, "127.0.0.1", "127.0.0.1:2551",
                System.getProperty("java.class.path"), StandInExecutor.class.getName(),
                Map.of("GLASSHOUSE_S3_SECRET_KEY", SECRET), jvmOptions);
    }

    /** A stand-in executor as an earlier cluster-manager would have left it: running, unknown to the backend. */
    private Process startOutsideTheBackend(String executorId) throws IOException, InterruptedException {
        Path log = workDir.resolve(executorId + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), "-Dglasshouse.executor.id=" + executorId,
                StandInExecutor.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        outsiders.add(process);
        awaitReady(executorId);
        return process;
    }

    private LocalProcessBackend start(LocalProcessBackend.Settings settings) {
        LocalProcessBackend started = new LocalProcessBackend(settings);
        started.start((executorId, exitCode, reason) ->
                exits.add(new Exit(executorId, exitCode, reason, System.nanoTime())));
        return started;
    }

    /** Waits until the stand-in has printed everything it was given; returns its log. */
    private String awaitReady(String executorId) throws IOException, InterruptedException {
        Path log = workDir.resolve(executorId + ".log");
        long deadline = System.nanoTime() + JVM_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                String content = Files.readString(log);
                if (content.contains("ready")) return content;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(executorId + " did not start within " + JVM_START);
    }

    private void awaitGone(String executorId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (backend.pid(executorId).isPresent()) {
            if (System.nanoTime() > deadline) throw new AssertionError(executorId + " was not forgotten");
            Thread.sleep(20);
        }
    }
}
