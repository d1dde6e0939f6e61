package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.driver.GlasshouseSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A driver process killed with SIGKILL while it holds every executor of a real local cluster: the cluster-manager
 * notices (death watch, once the cluster has downed the driver's node), takes the executors back, and grants them
 * to the application that was waiting for them, whose job then succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverKilledEndToEndTest {
    private Path dataDir;
    private LocalClusterProcess cluster;
    private Process otherDriver;
    private GlasshouseSession session;

    @BeforeAll
    void startCluster() throws Exception {
        dataDir = Files.createTempDirectory("glasshouse-driver-killed-");
        cluster = LocalClusterProcess.start(2, 1, 512, dataDir, dataDir.resolve("cluster.log"), 120);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (otherDriver != null) otherDriver.destroyForcibly();
        if (session != null) session.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void theExecutorsOfAKilledDriverGoToTheApplicationWaitingForThem() throws Exception {
        otherDriver = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                HoldingDriver.class.getName(), cluster.master(), cluster.s3Endpoint())
                .redirectErrorStream(true).start();
        String holding = awaitLine(otherDriver, "HOLDING ", 60);
        String otherApplication = holding.split(" ")[1];
        assertThat(holding).endsWith(" 1000");

        session = GlasshouseSession.builder()
                .config(ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                        ConfigValueFactory.fromAnyRef(cluster.s3Endpoint())))
                .master(cluster.master()).getOrCreate();
        CompletableFuture<Long> waitingJob = CompletableFuture.supplyAsync(
                () -> session.range(0, 10_000, 1, 4).count());

        otherDriver.destroyForcibly();

        assertThat(waitingJob.get(60, TimeUnit.SECONDS)).isEqualTo(10_000);
        assertThat(session.executors().keySet()).as("the killed driver's executors")
                .containsExactlyInAnyOrder("exec-1", "exec-2");
        String clusterLog = Files.readString(dataDir.resolve("cluster.log"));
        assertThat(clusterLog).contains("application " + otherApplication + " ended (its driver");
        assertThat(cluster.control().executors()).as("no executor was lost or replaced")
                .extracting(executor -> executor.executorId()).containsExactlyInAnyOrder("exec-1", "exec-2");
    }

    /**
     * The first line of the process's output that starts with {@code prefix}; fails with the output so far if none
     * comes in time. The rest of the output is read (and dropped) until the process ends.
     */
    private static String awaitLine(Process process, String prefix, long timeoutSeconds) throws Exception {
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith(prefix)) found.complete(line);
                }
            } catch (IOException e) {
                // The process is gone.
            }
            found.complete(null);
        }, "holding-driver-output");
        reader.setDaemon(true);
        reader.start();
        String line;
        try {
            line = found.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line = null;
        }
        if (line == null) {
            throw new AssertionError("no line starting with '" + prefix + "' within " + timeoutSeconds
                    + " s; output:\n" + output);
        }
        return line;
    }
}
