package dev.glasshouse.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.cluster.ClusterNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3ServerTest {
    @Test
    void servesBucketsAsFoldersUnderTheDataFolder(@TempDir Path temp) throws IOException {
        Path dataDir = temp.resolve("not/yet/there");
        try (EmbeddedS3Server server = EmbeddedS3Server.start("127.0.0.1", 0, dataDir, "ak", "sk");
             ObjectStore store = new ObjectStore(new S3Settings(server.endpoint(), "ak", "sk", "us-east-1"))) {
            assertThat(server.port()).isPositive();
            assertThat(server.endpoint()).isEqualTo("http://127.0.0.1:" + server.port());

            store.ensureBucket("raw");
            store.put(S3Path.parse("s3://raw/dir/file.txt"), "content".getBytes(StandardCharsets.UTF_8));

            assertThat(dataDir.resolve("raw")).isDirectory();
            assertThat(Files.readString(dataDir.resolve("raw/dir/file.txt"))).isEqualTo("content");
        }
    }

    @Test
    void dataOutlivesTheServer(@TempDir Path temp) throws IOException {
        try (EmbeddedS3Server server = EmbeddedS3Server.start("127.0.0.1", 0, temp, "ak", "sk");
             ObjectStore store = new ObjectStore(new S3Settings(server.endpoint(), "ak", "sk", "us-east-1"))) {
            store.ensureBucket("keep");
            store.put(S3Path.parse("s3://keep/a.txt"), "kept".getBytes(StandardCharsets.UTF_8));
        }
        try (EmbeddedS3Server server = EmbeddedS3Server.start("127.0.0.1", 0, temp, "ak", "sk");
             ObjectStore store = new ObjectStore(new S3Settings(server.endpoint(), "ak", "sk", "us-east-1"))) {
            assertThat(new String(store.open(S3Path.parse("s3://keep/a.txt")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("kept");
        }
    }

    @Test
    void takenPortIsReportedAsPortInUse(@TempDir Path temp) throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedS3Server.start("127.0.0.1", port, temp, "ak", "sk"))
                    .isInstanceOf(ClusterNode.PortInUseException.class)
                    .hasMessageContaining("S3 server port 127.0.0.1:" + port);
        }
    }

    @Test
    void takeDownRefusesConnectionsThenServesTheSameDataOnTheSamePort(@TempDir Path temp) throws Exception {
        try (EmbeddedS3Server server = EmbeddedS3Server.start("127.0.0.1", 0, temp, "ak", "sk");
             ObjectStore store = new ObjectStore(new S3Settings(server.endpoint(), "ak", "sk", "us-east-1"))) {
            store.ensureBucket("keep");
            store.put(S3Path.parse("s3://keep/a.txt"), "kept".getBytes(StandardCharsets.UTF_8));

            var back = server.takeDown(java.time.Duration.ofMillis(1500));

            assertThat(server.isDown()).isTrue();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", server.port()).close())
                    .isInstanceOf(java.net.ConnectException.class);
            assertThatThrownBy(() -> server.takeDown(java.time.Duration.ofSeconds(1)))
                    .hasMessageContaining("already down");
            back.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(server.isDown()).isFalse();
            assertThat(new String(store.open(S3Path.parse("s3://keep/a.txt")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("kept");
        }
    }
}
