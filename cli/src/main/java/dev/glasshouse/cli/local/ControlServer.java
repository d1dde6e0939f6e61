package dev.glasshouse.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.glasshouse.clustermanager.state.ExecutorsFile;
import dev.glasshouse.core.s3.EmbeddedS3Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's control endpoint, on 127.0.0.1 only, for chaos tools ({@link LocalClusterControl}):
 * <ul>
 *   <li>{@code GET /state}: {@code {"clusterManagerPid": P, "clusterManagerRestarts": R, "executors": [{"id":
 *       "exec-1", "pid": 4720}], "s3Down": false}}. {@code clusterManagerPid} is 0 while the cluster-manager is
 *       being restarted; {@code executors} are those the running cluster-manager has registered (none until it
 *       has written its own list).</li>
 *   <li>{@code POST /s3/outage?seconds=N}: the S3 server stops serving for N seconds (1 to
 *       {@value #MAX_OUTAGE_SECONDS}); 400 with the reason when N is not such a number or S3 is down already.</li>
 * </ul>
 * Errors are JSON too: {@code {"error": "..."}}.
 */
final class ControlServer implements AutoCloseable {
    static final int MAX_OUTAGE_SECONDS = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);

    private final HttpServer server;
    private final ClusterManagerSupervisor clusterManager;
    private final Path executorsFile;
    private final EmbeddedS3Server s3;

    private ControlServer(HttpServer server, ClusterManagerSupervisor clusterManager, Path executorsFile,
                          EmbeddedS3Server s3) {
        this.server = server;
        this.clusterManager = clusterManager;
        this.executorsFile = executorsFile;
        this.s3 = s3;
    }

    /** Listens on a free port of 127.0.0.1. */
    static ControlServer start(ClusterManagerSupervisor clusterManager, Path executorsFile, EmbeddedS3Server s3)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ControlServer control = new ControlServer(server, clusterManager, executorsFile, s3);
        server.createContext("/state", exchange -> control.handle(exchange, "GET", control::state));
        server.createContext("/s3/outage", exchange -> control.handle(exchange, "POST", control::s3Outage));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-cluster-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return control;
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** What an endpoint answers: a status and a JSON body. */
    private record Reply(int status, ObjectNode body) {
        static Reply error(int status, String message) {
            return new Reply(status, JSON.createObjectNode().put("error", message));
        }
    }

    @FunctionalInterface
    private interface Endpoint {
        Reply answer(URI uri) throws IOException;
    }

    private void handle(HttpExchange exchange, String method, Endpoint endpoint) throws IOException {
        Reply reply;
        try {
            if (!exchange.getRequestMethod().equals(method)) {
                reply = Reply.error(405, exchange.getRequestURI().getPath() + " takes " + method + ", not "
                        + exchange.getRequestMethod());
            } else {
                reply = endpoint.answer(exchange.getRequestURI());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("control request {} failed: {}", exchange.getRequestURI(), e.toString());
            reply = Reply.error(500, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        byte[] body = (reply.body().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Reply state(URI uri) throws IOException {
        long pid = clusterManager.current().map(ProcessHandle::pid).orElse(0L);
        ObjectNode body = JSON.createObjectNode();
        body.put("clusterManagerPid", pid);
        body.put("clusterManagerRestarts", clusterManager.restarts());
        ArrayNode executors = body.putArray("executors");
        Optional<ExecutorsFile.Snapshot> snapshot = ExecutorsFile.read(executorsFile);
        // The file of an earlier cluster-manager lists what it knew when it died: not current.
        List<ExecutorsFile.Executor> current = snapshot.filter(s -> pid != 0 && s.clusterManagerPid() == pid)
                .map(ExecutorsFile.Snapshot::executors).orElse(List.of());
        for (ExecutorsFile.Executor executor : current) {
            executors.addObject().put("id", executor.executorId()).put("pid", executor.pid());
        }
        body.put("s3Down", s3.isDown());
        return new Reply(200, body);
    }

    private Reply s3Outage(URI uri) {
        String seconds = queryParameter(uri, "seconds");
        if (seconds == null) {
            return Reply.error(400, "POST /s3/outage needs ?seconds=N, the length of the outage (1 to "
                    + MAX_OUTAGE_SECONDS + ")");
        }
        int n;
        try {
            n = Integer.parseInt(seconds);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_OUTAGE_SECONDS) {
            return Reply.error(400, "seconds=" + seconds + " is not a whole number of seconds from 1 to "
                    + MAX_OUTAGE_SECONDS);
        }
        try {
            s3.takeDown(Duration.ofSeconds(n));
        } catch (IllegalStateException e) {
            return Reply.error(400, e.getMessage());
        }
        return new Reply(200, JSON.createObjectNode().put("s3Down", true).put("seconds", n));
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) return null;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
