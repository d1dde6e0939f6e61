package dev.glasshouse.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.clustermanager.state.ExecutorsFile;
import dev.glasshouse.clustermanager.state.StateFiles;
import dev.glasshouse.core.s3.EmbeddedS3Server;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control surface against a supervisor assembled in this JVM: a real S3 server and control endpoint, and a
 * {@code sleep} standing in for the cluster-manager process the supervisor keeps running.
 */
class LocalClusterControlTest {
    @TempDir
    Path dataDir;
    private EmbeddedS3Server s3;
    private ClusterManagerSupervisor supervisor;
    private ControlServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (supervisor != null) supervisor.close();
        if (s3 != null) s3.close();
    }

    @Test
    void withoutARunningClusterTheErrorNamesTheFileAndHowToStartOne() throws IOException {
        assertThatThrownBy(() -> LocalClusterControl.open(dataDir))
                .isInstanceOf(IOException.class)
                .hasMessage("no local cluster in " + dataDir + " (" + dataDir.resolve("local-cluster.json")
                        + " not found): start one with glasshouse local --data-dir " + dataDir);

        Process gone = new ProcessBuilder("true").start();
        gone.onExit().join();
        new LocalClusterFile("127.0.0.1:2551", "http://127.0.0.1:9000", gone.pid(), 1)
                .write(LocalClusterFile.in(dataDir));
        assertThatThrownBy(() -> LocalClusterControl.open(dataDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("names process " + gone.pid() + ", which is not running");
    }

    @Test
    void reportsTheProcessesAndTakesS3DownForAWhile() throws Exception {
        LocalClusterControl control = startSupervisor();
        long clusterManagerPid = control.clusterManagerPid();
        writeExecutors(clusterManagerPid, "exec-1", 4001, "exec-2", 4002);

        assertThat(control.master()).isEqualTo("127.0.0.1:2551");
        assertThat(control.s3Endpoint()).isEqualTo(s3.endpoint());
        assertThat(clusterManagerPid).isEqualTo(supervisor.current().orElseThrow().pid());
        assertThat(control.executors()).containsExactly(new LocalClusterControl.ExecutorProcess("exec-1", 4001),
                new LocalClusterControl.ExecutorProcess("exec-2", 4002));
        assertThat(control.s3Down()).isFalse();

        control.takeDownS3(Duration.ofSeconds(1));

        assertThat(control.s3Down()).isTrue();
        assertThatThrownBy(() -> control.takeDownS3(Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class).hasMessageContaining("is already down");
        awaitTrue(() -> !control.s3Down(), "S3 serves again after its outage");
    }

    @Test
    void anOutageMustBeWholeSecondsFromOneToAnHour() throws Exception {
        LocalClusterControl control = startSupervisor();

        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(1500), Duration.ofHours(2))) {
            assertThatThrownBy(() -> control.takeDownS3(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whole seconds from 1 to 3600");
        }
        assertThat(control.s3Down()).isFalse();
    }

    @Test
    void aClusterManagerThatExitsIsRestartedAndTheListOfTheDeadOneIsNotCurrent() throws Exception {
        LocalClusterControl control = startSupervisor();
        long first = control.clusterManagerPid();
        writeExecutors(first, "exec-1", 4001, "exec-2", 4002);

        ProcessHandle.of(first).orElseThrow().destroyForcibly();

        awaitTrue(() -> control.clusterManagerPid() != first && control.clusterManagerPid() != 0,
                "a new cluster-manager process");
        assertThat(supervisor.restarts()).isEqualTo(1);
        assertThat(control.executors()).as("written by the dead one").isEmpty();
        writeExecutors(control.clusterManagerPid(), "exec-1", 4001, "exec-3", 4003);
        assertThat(control.executors()).extracting(LocalClusterControl.ExecutorProcess::executorId)
                .containsExactly("exec-1", "exec-3");
    }

    private LocalClusterControl startSupervisor() throws IOException {
        s3 = EmbeddedS3Server.start("127.0.0.1", 0, dataDir.resolve("s3"), "key", "secret-key");
        supervisor = ClusterManagerSupervisor.start(List.of("sleep", "600"), Map.of());
        supervisor.keepRestarting();
        server = ControlServer.start(supervisor, executorsFile(), s3);
        new LocalClusterFile("127.0.0.1:2551", s3.endpoint(), ProcessHandle.current().pid(), server.port())
                .write(LocalClusterFile.in(dataDir));
        return LocalClusterControl.open(dataDir);
    }

    private Path executorsFile() {
        return dataDir.resolve(ClusterManagerMain.STATE_DIR).resolve(ExecutorsFile.NAME);
    }

    private void writeExecutors(long clusterManagerPid, String id1, long pid1, String id2, long pid2)
            throws IOException {
        StateFiles.writeAtomically(executorsFile(), ExecutorsFile.toJson(new ExecutorsFile.Snapshot(
                clusterManagerPid, 2, List.of(new ExecutorsFile.Executor(id1, pid1, 1, 512, "127.0.0.1:1"),
                new ExecutorsFile.Executor(id2, pid2, 1, 512, "127.0.0.1:2")))));
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s: " + what);
            Thread.sleep(50);
        }
    }
}
