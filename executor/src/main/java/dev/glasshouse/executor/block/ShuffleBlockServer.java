package dev.glasshouse.executor.block;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.glasshouse.core.block.BlockUrls;
import dev.glasshouse.core.cluster.ClusterNode;
import dev.glasshouse.executor.DaemonThreads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's data plane: serves the committed blocks of its {@link ShuffleBlockStore} over HTTP, in the URL
 * layout of {@link BlockUrls}, to reduce tasks on any executor and to the driver (result blocks).
 *
 * <p>A block is streamed from its file with its length announced up front, so a reader can tell a whole block
 * from a connection that broke. The file is opened before the answer starts: a retried task that replaces the
 * block meanwhile does not disturb the transfer.
 */
public final class ShuffleBlockServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShuffleBlockServer.class);
    /** Transfers are disk- and network-bound: a few threads keep both busy without crowding the task slots. */
    private static final int THREADS = 4;
    private static final int BACKLOG = 64;
    private static final int COPY_BUFFER = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final ShuffleBlockStore store;

    private ShuffleBlockServer(HttpServer server, ExecutorService threads, ShuffleBlockStore store) {
        this.server = server;
        this.threads = threads;
        this.store = store;
    }

    /**
     * Binds {@code host:port} and starts serving.
     *
     * @param port 0 picks a free port; see {@link #port()}
     * @throws ClusterNode.PortInUseException when a fixed port is taken
     */
    public static ShuffleBlockServer start(ShuffleBlockStore store, String host, int port) throws IOException {
        if (port != 0) ClusterNode.checkPortFree(host, port, "block server port");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        } catch (BindException e) {
            // Taken between the check and the bind.
            throw new ClusterNode.PortInUseException("the block server port " + host + ":" + port
                    + " is already in use: " + e.getMessage());
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("block-server-"));
        ShuffleBlockServer blockServer = new ShuffleBlockServer(server, threads, store);
        server.setExecutor(threads);
        server.createContext("/", blockServer::handle);
        server.start();
        log.info("block server listening on {}:{}, serving {}", host, blockServer.port(), store.workDir());
        return blockServer;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: transfers still running are cut, and their readers see a fetch failure. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 405, "only GET is supported");
                return;
            }
            Path file = blockFile(exchange.getRequestURI().getRawPath());
            if (file == null) {
                sendText(exchange, 400, "malformed block path; expected /" + BlockUrls.SHUFFLE
                        + "/{applicationId}/{shuffleId}/{mapPartition}/{reducePartition} or /" + BlockUrls.RESULT
                        + "/{applicationId}/{stageId}/{partition}");
                return;
            }
            sendFile(exchange, file);
        } catch (IOException e) {
            // The reader went away mid-transfer; it reports its own fetch failure.
            log.debug("block transfer {} aborted: {}", exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
        }
    }

    /** The file a block path names, or null when the path is not a well-formed block path. */
    private Path blockFile(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        if (segments.length < 2 || !segments[0].isEmpty()) return null;
        String kind = segments[1];
        if (BlockUrls.SHUFFLE.equals(kind) && segments.length == 6) {
            int shuffleId = BlockUrls.parseNumber(segments[3]);
            int mapPartition = BlockUrls.parseNumber(segments[4]);
            int reducePartition = BlockUrls.parseNumber(segments[5]);
            if (!BlockUrls.isSafeName(segments[2]) || shuffleId < 0 || mapPartition < 0 || reducePartition < 0) {
                return null;
            }
            return store.shuffleBlockFile(segments[2], shuffleId, mapPartition, reducePartition);
        }
        if (BlockUrls.RESULT.equals(kind) && segments.length == 5) {
            int stageId = BlockUrls.parseNumber(segments[3]);
            int partition = BlockUrls.parseNumber(segments[4]);
            if (!BlockUrls.isSafeName(segments[2]) || stageId < 0 || partition < 0) return null;
            return store.resultBlockFile(segments[2], stageId, partition);
        }
        return null;
    }

    private static void sendFile(HttpExchange exchange, Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file);
        } catch (NoSuchFileException e) {
            sendText(exchange, 404, "no such block on this executor: " + exchange.getRequestURI().getRawPath());
            return;
        }
        try (channel; InputStream in = Channels.newInputStream(channel)) {
            long size = channel.size();
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            // -1 announces an empty body; 0 would mean "length unknown, chunked".
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            OutputStream out = exchange.getResponseBody();
            byte[] buffer = new byte[COPY_BUFFER];
            long remaining = size;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) throw new IOException("block file " + file + " shrank while being sent");
                out.write(buffer, 0, n);
                remaining -= n;
            }
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
