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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Retries against a real S3 server that goes away ({@link EmbeddedS3Server#takeDown}) and comes back. */
class ObjectStoreRetryTest {
    /** A fresh server per test: an outage must not leak into the next test. */
    @RegisterExtension
    final TestS3 s3 = new TestS3();

    private static final Duration OUTAGE = Duration.ofSeconds(3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static S3Path path(String s) {
        return S3Path.parse(s);
    }

    @Test
    void everyOperationStartedDuringAnOutageSucceedsOnceTheServerIsBack(@TempDir Path temp) throws Exception {
        ObjectStore store = s3.store();
        store.ensureBucket("raw");
        store.put(path("s3://raw/sales/a.csv"), bytes("a,1"));
        store.put(path("s3://raw/sales/b.csv"), bytes("b,2"));
        store.put(path("s3://raw/old.csv"), bytes("old"));
        store.put(path("s3://raw/older.csv"), bytes("older"));
        Path local = Files.writeString(temp.resolve("local.csv"), "uploaded");

        CompletableFuture<Void> back = s3.server().takeDown(OUTAGE);
        // Each started while the server refuses connections; each must wait it out, not fail.
        List<CompletableFuture<Object>> calls = List.of(
                CompletableFuture.supplyAsync(() -> store.list(path("s3://raw/sales/")).size()),
                CompletableFuture.supplyAsync(() -> store.exists(path("s3://raw/sales/a.csv"))),
                CompletableFuture.supplyAsync(() -> {
                    try {
                        return read(store.open(path("s3://raw/sales/b.csv")));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }),
                CompletableFuture.supplyAsync(() -> {
                    store.put(path("s3://raw/streamed.csv"), new ByteArrayInputStream(bytes("streamed")), 8);
                    return "streamed";
                }),
                CompletableFuture.supplyAsync(() -> {
                    store.put(path("s3://raw/new.csv"), bytes("new"));
                    store.upload(path("s3://raw/uploaded.csv"), local);
                    store.copy(path("s3://raw/sales/a.csv"), path("s3://raw/copied.csv"));
                    store.delete(path("s3://raw/old.csv"));
                    store.ensureBucket("curated");
                    store.deleteAll(List.of(path("s3://raw/older.csv")));
                    return "written";
                }));
        List<Object> results = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList())
                .get(60, TimeUnit.SECONDS);

        assertThat(back).isDone();
        assertThat(results).containsExactly(2, true, "b,2", "streamed", "written");
        assertThat(read(store.open(path("s3://raw/new.csv")))).isEqualTo("new");
        assertThat(read(store.open(path("s3://raw/streamed.csv")))).isEqualTo("streamed");
        assertThat(read(store.open(path("s3://raw/uploaded.csv")))).isEqualTo("uploaded");
        assertThat(read(store.open(path("s3://raw/copied.csv")))).isEqualTo("a,1");
        assertThat(store.exists(path("s3://raw/old.csv"))).isFalse();
        assertThat(store.exists(path("s3://raw/older.csv"))).isFalse();
        assertThat(s3.dataDir().resolve("curated")).isDirectory();
        assertThat(store.retryCount()).isGreaterThan(0);
    }

    @Test
    void aMissingObjectOrBucketFailsAtOnceWithoutRetrying() {
        // Backoff steps of a second: one retry would show in the elapsed time.
        S3RetryPolicy slow = new S3RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (ObjectStore store = new ObjectStore(s3.settings().withRetry(slow))) {
            store.ensureBucket("raw");
            long start = System.nanoTime();

            assertThatThrownBy(() -> store.open(path("s3://raw/missing.csv")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessage("object s3://raw/missing.csv does not exist at " + s3.endpoint()
                            + " (needed to read it)");
            assertThatThrownBy(() -> store.list(path("s3://nobucket/sales/")))
                    .isInstanceOf(S3AccessException.class)
                    .hasMessageContaining("bucket 'nobucket' does not exist at " + s3.endpoint());
            assertThatThrownBy(() -> store.copy(path("s3://raw/missing.csv"), path("s3://raw/copy.csv")))
                    .hasMessageContaining("object s3://raw/missing.csv does not exist");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
            assertThat(store.retryCount()).isZero();
        }
    }

    @Test
    void wrongCredentialsFailAtOnceWithoutRetrying() {
        S3RetryPolicy slow = new S3RetryPolicy(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5));
        S3Settings wrong = new S3Settings(s3.endpoint(), TestS3.ACCESS_KEY, "not-the-secret", TestS3.REGION, slow);
        try (ObjectStore store = new ObjectStore(wrong)) {
            assertThatThrownBy(() -> store.list(path("s3://raw/")))
                    .hasMessageContaining("rejected the credentials for access key 'glasshouse'");
            assertThat(store.retryCount()).isZero();
            assertThat(store.requestCount()).isEqualTo(1);
        }
    }

    @Test
    void givingUpSaysForHowLongAndHowManyAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        S3RetryPolicy short_ = new S3RetryPolicy(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(200));
        try (ObjectStore store = new ObjectStore(new S3Settings(endpoint, "k", "s", "us-east-1", short_))) {
            long start = System.nanoTime();
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                    () -> store.open(path("s3://raw/sales/part-0.csv")));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure).isInstanceOf(S3AccessException.class);
            Matcher message = Pattern.compile("S3 at " + Pattern.quote(endpoint) + " unreachable for 1\\.\\d s "
                    + "\\((\\d+) attempts\\) while reading s3://raw/sales/part-0\\.csv: Connection refused "
                    + "\\(is the S3 server running\\? glasshouse\\.s3\\.retry\\.max-elapsed = 1\\.0 s is how long "
                    + "S3 may be away\\)").matcher(failure.getMessage());
            assertThat(message.matches()).as(failure.getMessage()).isTrue();
            int attempts = Integer.parseInt(message.group(1));
            assertThat(attempts).isGreaterThanOrEqualTo(4); // waits of 25-50, 50-100, 100-200, 100-200 ms...
            assertThat(store.retryCount()).isEqualTo(attempts - 1);
            assertThat(elapsed).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        }
    }

    @Test
    void aReadThatBreaksMidWayResumesWhereItBrokeOnceTheServerIsBack() throws Exception {
        ObjectStore store = s3.store();
        store.ensureBucket("raw");
        // Larger than the socket buffers on both sides, so most of it is still on the server when it stops.
        byte[] data = new byte[32 * 1024 * 1024];
        new Random(7).nextBytes(data);
        S3Path path = path("s3://raw/big.bin");
        store.put(path, new ByteArrayInputStream(data), data.length);
        long offset = 1000;
        long length = data.length - 2000;

        try (InputStream whole = store.open(path); InputStream range = store.open(path, offset, length)) {
            byte[] headOfWhole = whole.readNBytes(64 * 1024);
            byte[] headOfRange = range.readNBytes(64 * 1024);
            CompletableFuture<Void> back = s3.server().takeDown(OUTAGE);

            byte[] restOfWhole = whole.readAllBytes();
            byte[] restOfRange = range.readAllBytes();

            assertThat(back).isDone();
            assertThat(concat(headOfWhole, restOfWhole)).isEqualTo(data);
            byte[] expectedRange = new byte[(int) length];
            System.arraycopy(data, (int) offset, expectedRange, 0, (int) length);
            assertThat(concat(headOfRange, restOfRange)).isEqualTo(expectedRange);
        }
        assertThat(store.retryCount()).isGreaterThan(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
