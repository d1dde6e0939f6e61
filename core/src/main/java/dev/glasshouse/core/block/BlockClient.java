package dev.glasshouse.core.block;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches blocks from executors' block servers over HTTP (the data plane; see {@link BlockUrls} for the layout).
 * A block arrives as a stream read straight off the connection, so a block of any size passes through in
 * constant memory. Thread-safe: one instance serves every task of a process.
 */
public final class BlockClient {
    /** A block server that is down refuses at once; one that is unreachable should not stall a task for long. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How long a reachable server may take to start answering. Generous, because a busy server queues requests
     * behind the blocks it is already streaming, and giving up here makes the driver recompute map output.
     */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    /** How much of an error response's text goes into the exception message. */
    private static final int MAX_ERROR_TEXT = 1024;

    private final HttpClient http;

    public BlockClient() {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * Opens the block map task {@code mapPartition} of shuffle {@code shuffleId} wrote for {@code reducePartition}.
     * The caller closes the stream. An empty block is an empty stream.
     *
     * @throws IOException naming the URL when the server cannot be reached or does not have the block
     */
    public InputStream openShuffleBlock(String host, int port, String applicationId, int shuffleId, int mapPartition,
                                        int reducePartition) throws IOException {
        return open(BlockUrls.shuffleBlock(host, port, applicationId, shuffleId, mapPartition, reducePartition));
    }

    /**
     * Opens the result block of {@code partition} of result stage {@code stageId}. The caller closes the stream.
     *
     * @throws IOException naming the URL when the server cannot be reached or does not have the block
     */
    public InputStream openResultBlock(String host, int port, String applicationId, int stageId, int partition)
            throws IOException {
        return open(BlockUrls.resultBlock(host, port, applicationId, stageId, partition));
    }

    private InputStream open(URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(RESPONSE_TIMEOUT).build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + uri);
        } catch (IOException e) {
            throw new IOException("cannot fetch " + uri + ": " + describe(e), e);
        }
        if (response.statusCode() == 200) return response.body();
        String text;
        try (InputStream body = response.body()) {
            text = new String(body.readNBytes(MAX_ERROR_TEXT), StandardCharsets.UTF_8).strip();
        }
        throw new IOException("cannot fetch " + uri + ": HTTP " + response.statusCode()
                + (text.isEmpty() ? "" : " " + text));
    }

    /** The JDK's connection exceptions often have no message of their own ("ConnectException: null"). */
    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) message = e.getCause().getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
