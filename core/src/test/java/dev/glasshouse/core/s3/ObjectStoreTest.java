package dev.glasshouse.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
    @RegisterExtension
    static final TestS3 s3 = new TestS3();
    private static final AtomicInteger buckets = new AtomicInteger();

    /** Each test works in buckets of its own, so tests sharing the server cannot see each other's objects. */
    private String raw;
    private String other;

    @BeforeEach
    void freshBuckets() {
        raw = "raw-" + buckets.incrementAndGet();
        other = "other-" + buckets.incrementAndGet();
    }

    private S3Path path(String bucket, String key) {
        return new S3Path(bucket, key);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putOpenAndRangeRead() throws IOException {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        S3Path path = path(raw, "notes/hello.txt");
        store.put(path, bytes("hello, glasshouse"));

        assertThat(read(store.open(path))).isEqualTo("hello, glasshouse");
        assertThat(read(store.open(path, 7, 5))).isEqualTo("glass");
        assertThat(read(store.open(path, 7, 1000))).isEqualTo("glasshouse");
        assertThat(store.exists(path)).isTrue();
        assertThat(store.exists(path(raw, "notes/missing.txt"))).isFalse();
        assertThat(store.exists(S3Path.parse("s3://nobucket/x"))).isFalse();
    }

    @Test
    void listIsRecursiveSortedAndTreatsTheKeyAsADirectory() {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        store.put(path(raw, "sales/part-00001.csv"), bytes("bb"));
        store.put(path(raw, "sales/part-00000.csv"), bytes("a"));
        store.put(path(raw, "sales/2024/q1.csv"), bytes("ccc"));
        store.put(path(raw, "sales-archive/old.csv"), bytes("dddd"));
        store.put(path(raw, "other.csv"), bytes("eeeee"));

        List<ObjectInfo> expected = List.of(
                new ObjectInfo(path(raw, "sales/2024/q1.csv"), 3),
                new ObjectInfo(path(raw, "sales/part-00000.csv"), 1),
                new ObjectInfo(path(raw, "sales/part-00001.csv"), 2));
        assertThat(store.list(path(raw, "sales/"))).isEqualTo(expected);
        assertThat(store.list(path(raw, "sales"))).isEqualTo(expected);
        assertThat(store.list(path(raw, "sales/part-00001.csv")))
                .containsExactly(new ObjectInfo(path(raw, "sales/part-00001.csv"), 2));
        assertThat(store.list(path(raw, ""))).hasSize(5);
        assertThat(store.list(path(raw, "nothing-here/"))).isEmpty();
        assertThat(store.list(path(raw, "nothing-here"))).isEmpty();
    }

    @Test
    void listSkipsDirectoryMarkers() {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        store.put(path(raw, "logs/"), new byte[0]);
        store.put(path(raw, "logs/a.log"), bytes("a"));

        assertThat(store.list(path(raw, "logs")))
                .containsExactly(new ObjectInfo(path(raw, "logs/a.log"), 1));
    }

    @Test
    void copyDeleteAndDeleteAll() throws IOException {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        store.ensureBucket(other);
        S3Path source = path(raw, "in/a.txt");
        S3Path copy = path(other, "out/a.txt");
        store.put(source, bytes("payload"));

        store.copy(source, copy);
        assertThat(read(store.open(copy))).isEqualTo("payload");

        store.delete(source);
        assertThat(store.exists(source)).isFalse();
        store.delete(source); // deleting what is gone is fine, as in S3

        S3Path b = path(raw, "in/b.txt");
        S3Path c = path(raw, "in/c.txt");
        store.put(b, bytes("b"));
        store.put(c, bytes("c"));
        store.deleteAll(List.of(b, c, copy));
        assertThat(store.list(path(raw, "in"))).isEmpty();
        assertThat(store.exists(copy)).isFalse();
    }

    @Test
    void largeObjectsGoUpInPartsAndReadBackByRange(@TempDir Path temp) throws IOException {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        byte[] data = new byte[12 * 1024 * 1024 + 123];
        new Random(42).nextBytes(data);

        S3Path streamed = path(raw, "streamed.bin");
        store.put(streamed, new ByteArrayInputStream(data), data.length);
        Path local = temp.resolve("local.bin");
        Files.write(local, data);
        S3Path uploaded = path(raw, "uploaded.bin");
        store.upload(uploaded, local);

        for (S3Path path : List.of(streamed, uploaded)) {
            assertThat(store.list(path)).containsExactly(new ObjectInfo(path, data.length));
            try (InputStream in = store.open(path)) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }
            long offset = 5 * 1024 * 1024 - 10; // across the first part boundary
            try (InputStream in = store.open(path, offset, 100)) {
                byte[] expected = new byte[100];
                System.arraycopy(data, (int) offset, expected, 0, 100);
                assertThat(in.readAllBytes()).isEqualTo(expected);
            }
        }
    }

    @Test
    void ensureBucketIsIdempotent() {
        ObjectStore store = s3.store();
        store.ensureBucket(raw);
        store.put(path(raw, "x"), bytes("x"));
        store.ensureBucket(raw);
        assertThat(store.exists(path(raw, "x"))).isTrue();
        assertThat(s3.dataDir().resolve(raw)).isDirectory();
    }

    @Test
    void requestCountCountsEveryCall() {
        ObjectStore store = s3.store();
        long before = store.requestCount();
        store.ensureBucket(raw);
        long afterEnsure = store.requestCount();
        assertThat(afterEnsure).isGreaterThan(before);

        store.put(path(raw, "a"), bytes("a"));
        assertThat(store.requestCount()).isEqualTo(afterEnsure + 1);
        store.list(path(raw, ""));
        assertThat(store.requestCount()).isEqualTo(afterEnsure + 2);
        store.exists(path(raw, "a"));
        assertThat(store.requestCount()).isEqualTo(afterEnsure + 3);
    }

    @Test
    void missingBucketAndObjectAreNamed() {
        ObjectStore store = s3.store();
        assertThatThrownBy(() -> store.list(S3Path.parse("s3://nobucket/sales/")))
                .isInstanceOf(S3AccessException.class)
                .hasMessageContaining("bucket 'nobucket' does not exist at " + s3.endpoint());

        store.ensureBucket(raw);
        assertThatThrownBy(() -> store.open(path(raw, "missing.csv")))
                .isInstanceOf(S3AccessException.class)
                .hasMessageContaining("object s3://" + raw + "/missing.csv does not exist at " + s3.endpoint());
        assertThatThrownBy(() -> store.copy(path(raw, "missing.csv"), path(raw, "copy.csv")))
                .isInstanceOf(S3AccessException.class)
                .hasMessageContaining("object s3://" + raw + "/missing.csv does not exist at " + s3.endpoint())
                .hasMessageContaining("copy it to s3://" + raw + "/copy.csv");
    }

    @Test
    void wrongCredentialsAreReportedWithTheEndpointAndKey() {
        s3.store().ensureBucket(raw);
        S3Settings wrongSecret = new S3Settings(s3.endpoint(), TestS3.ACCESS_KEY, "not-the-secret", TestS3.REGION);
        try (ObjectStore store = new ObjectStore(wrongSecret)) {
            assertThatThrownBy(() -> store.list(path(raw, "")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessageContaining(s3.endpoint())
                    .hasMessageContaining("rejected the credentials for access key 'glasshouse'")
                    .hasMessageContaining("SignatureDoesNotMatch")
                    .hasMessageNotContaining("not-the-secret");
        }
        S3Settings wrongKey = new S3Settings(s3.endpoint(), "intruder", TestS3.SECRET_KEY, TestS3.REGION);
        try (ObjectStore store = new ObjectStore(wrongKey)) {
            assertThatThrownBy(() -> store.put(path(raw, "x"), bytes("x")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessageContaining(s3.endpoint())
                    .hasMessageContaining("access key 'intruder'");
            assertThatThrownBy(() -> store.exists(path(raw, "x")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessageContaining(s3.endpoint())
                    .hasMessageContaining("access key 'intruder'");
        }
    }

    @Test
    void unreachableEndpointIsNamed() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        S3RetryPolicy noRetries = new S3RetryPolicy(Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(5));
        try (ObjectStore store = new ObjectStore(new S3Settings(endpoint, "k", "s", "us-east-1", noRetries))) {
            assertThatThrownBy(() -> store.list(path(raw, "sales/")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessageStartingWith("cannot reach S3 at " + endpoint + " (Connection refused)")
                    .hasMessageContaining("is the S3 server running and is glasshouse.s3.endpoint right?");
            assertThat(store.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void malformedEndpointIsRefusedUpFront() {
        assertThatThrownBy(() -> new ObjectStore(new S3Settings("127.0.0.1:9000", "k", "s", "us-east-1")))
                .isInstanceOf(S3AccessException.class)
                .hasMessageContaining("glasshouse.s3.endpoint '127.0.0.1:9000'")
                .hasMessageContaining("http://127.0.0.1:9000");
    }
}
