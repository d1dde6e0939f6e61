package dev.glasshouse.executor.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.block.BlockClient;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.core.exec.TaskEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written to a {@link ShuffleBlockStore}, served by a {@link ShuffleBlockServer}, read by a {@link BlockClient}. */
class ShuffleBlockRoundTripTest {
    private static final String HOST = "127.0.0.1";
    private static final String APP = "app-20240101-0001";

    @TempDir
    Path workDir;
    private ShuffleBlockStore store;
    private ShuffleBlockServer server;
    private final BlockClient client = new BlockClient();

    @BeforeEach
    void start() throws IOException {
        store = new ShuffleBlockStore(workDir.resolve("exec-1"));
        server = ShuffleBlockServer.start(store, HOST, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void committedShuffleBlocksAreServedWholeAndUntouchedPartitionsAreEmpty() throws IOException {
        byte[] big = randomBytes(3 * 1024 * 1024 + 17);
        try (TaskEnvironment.ShuffleOutput output = store.createShuffleOutput(APP, 4, 2, 3)) {
            output.partition(0).write(big);
            output.partition(2).write("reduce two".getBytes(StandardCharsets.UTF_8));
            assertThat(output.commit()).containsExactly(big.length, 0, 10);
        }

        assertThat(fetchShuffle(4, 2, 0)).isEqualTo(big);
        assertThat(fetchShuffle(4, 2, 1)).isEmpty();
        assertThat(new String(fetchShuffle(4, 2, 2), StandardCharsets.UTF_8)).isEqualTo("reduce two");
    }

    @Test
    void committedResultBlockIsServed() throws IOException {
        try (TaskEnvironment.BlockOutput output = store.createResultBlock(APP, 7, 5)) {
            output.stream().write(new byte[] {1, 2, 3});
            assertThat(output.commit()).isEqualTo(3);
        }
        try (InputStream in = client.openResultBlock(HOST, server.port(), APP, 7, 5)) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void missingBlockFailsWithTheUrlAndTheServersExplanation() {
        assertThatThrownBy(() -> client.openShuffleBlock(HOST, server.port(), APP, 1, 0, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("http://127.0.0.1:" + server.port() + "/shuffle/" + APP + "/1/0/0")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("no such block on this executor");
    }

    @Test
    void uncommittedBlocksAreNotServedAndLeaveNoFilesWhenDiscarded() throws IOException {
        try (TaskEnvironment.ShuffleOutput output = store.createShuffleOutput(APP, 1, 0, 2)) {
            output.partition(0).write(randomBytes(1000));
            output.partition(0).flush();
            assertThatThrownBy(() -> client.openShuffleBlock(HOST, server.port(), APP, 1, 0, 0))
                    .hasMessageContaining("HTTP 404");
        }
        try (TaskEnvironment.BlockOutput output = store.createResultBlock(APP, 2, 0)) {
            output.stream().write(1);
        }
        assertThatThrownBy(() -> client.openResultBlock(HOST, server.port(), APP, 2, 0))
                .hasMessageContaining("HTTP 404");
        try (Stream<Path> files = Files.walk(store.workDir())) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aRetriedAttemptReplacesTheBlockWhole() throws IOException {
        writeShuffle(3, 0, "first attempt, longer content");
        writeShuffle(3, 0, "second");
        assertThat(new String(fetchShuffle(3, 0, 0), StandardCharsets.UTF_8)).isEqualTo("second");
    }

    @Test
    void aTransferAlreadyStartedKeepsReadingTheBlockItOpened() throws IOException {
        byte[] first = randomBytes(2 * 1024 * 1024);
        try (TaskEnvironment.ShuffleOutput output = store.createShuffleOutput(APP, 5, 0, 1)) {
            output.partition(0).write(first);
            output.commit();
        }
        try (InputStream in = client.openShuffleBlock(HOST, server.port(), APP, 5, 0, 0)) {
            byte[] head = in.readNBytes(10);
            writeShuffle(5, 0, "replacement");
            byte[] rest = in.readAllBytes();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            assertThat(all).isEqualTo(first);
        }
    }

    @Test
    void deletingAnApplicationRemovesItsBlocksAndRefusesNewOnes() throws IOException {
        writeShuffle(1, 0, "data");
        store.deleteApplication(APP);

        assertThatThrownBy(() -> client.openShuffleBlock(HOST, server.port(), APP, 1, 0, 0))
                .hasMessageContaining("HTTP 404");
        assertThat(store.workDir().resolve(APP)).doesNotExist();
        assertThatThrownBy(() -> store.createShuffleOutput(APP, 1, 1, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("has ended");
    }

    @Test
    void aTaskStillRunningWhenItsApplicationEndsCannotCommit() throws IOException {
        try (TaskEnvironment.BlockOutput output = store.createResultBlock(APP, 1, 0)) {
            output.stream().write(1);
            store.deleteApplication(APP);
            assertThatThrownBy(output::commit).isInstanceOf(IOException.class).hasMessageContaining("has ended");
        }
        assertThat(store.workDir().resolve(APP)).doesNotExist();
    }

    @Test
    void pathTraversalAndMalformedPathsAreRejected() throws IOException {
        Files.writeString(workDir.resolve("secret.data"), "secret");
        writeShuffle(1, 0, "data");

        assertThat(rawGet("/shuffle/../secret.data")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/shuffle/../../1/0/0")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/shuffle/..%2F..%2Fsecret/1/0/0")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/shuffle/" + APP + "/1/0/-1")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/shuffle/" + APP + "/1/0/0/extra")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/result/.hidden/1/0")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/elsewhere")).startsWith("HTTP/1.1 400");
        assertThat(rawGet("/shuffle/" + APP + "/1/0/0")).startsWith("HTTP/1.1 200");
    }

    @Test
    void anUnreachableServerFailsWithTheUrlAndTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client.openShuffleBlock(HOST, closedPort, APP, 1, 0, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("http://127.0.0.1:" + closedPort + "/shuffle/" + APP + "/1/0/0")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void aFixedPortThatIsTakenIsReportedAsSuch() {
        assertThatThrownBy(() -> ShuffleBlockServer.start(store, HOST, server.port()))
                .isInstanceOf(ClusterNode.PortInUseException.class)
                .hasMessageContaining("block server port 127.0.0.1:" + server.port());
    }

    private void writeShuffle(int shuffleId, int mapPartition, String content) throws IOException {
        try (TaskEnvironment.ShuffleOutput output = store.createShuffleOutput(APP, shuffleId, mapPartition, 1)) {
            output.partition(0).write(content.getBytes(StandardCharsets.UTF_8));
            output.commit();
        }
    }

    private byte[] fetchShuffle(int shuffleId, int mapPartition, int reducePartition) throws IOException {
        try (InputStream in = client.openShuffleBlock(HOST, server.port(), APP, shuffleId, mapPartition,
                reducePartition)) {
            return in.readAllBytes();
        }
    }

    /** Sends the path exactly as written: an HTTP client library might normalise "..". */
    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket(HOST, server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
