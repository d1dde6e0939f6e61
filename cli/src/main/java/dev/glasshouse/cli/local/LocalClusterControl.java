package dev.glasshouse.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reaches a running local cluster ({@code glasshouse local}) through the file its supervisor writes in the data
 * folder ({@link LocalClusterFile}) and the supervisor's control endpoint ({@link ControlServer}): what chaos
 * tools need to find processes to kill and to take S3 down. Each call asks the supervisor afresh.
 */
public final class LocalClusterControl {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An executor process of the cluster. */
    public record ExecutorProcess(String executorId, long pid) {
    }

    private final Path dataDir;
    private final LocalClusterFile cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private LocalClusterControl(Path dataDir, LocalClusterFile cluster) {
        this.dataDir = dataDir;
        this.cluster = cluster;
    }

    /**
     * The local cluster running in {@code dataDir} ({@code glasshouse local --data-dir}).
     *
     * @throws IOException naming the file when no cluster is running there
     */
    public static LocalClusterControl open(Path dataDir) throws IOException {
        Path file = LocalClusterFile.in(dataDir);
        LocalClusterFile cluster = LocalClusterFile.read(file).orElseThrow(() -> new IOException(
                "no local cluster in " + dataDir + " (" + file + " not found): start one with glasshouse local "
                        + "--data-dir " + dataDir));
        if (!cluster.supervisorAlive()) {
            throw new IOException("no local cluster in " + dataDir + ": " + file + " names process "
                    + cluster.supervisorPid() + ", which is not running (the cluster was killed); start one with "
                    + "glasshouse local --data-dir " + dataDir);
        }
        return new LocalClusterControl(dataDir, cluster);
    }

    /** The cluster-manager's host:port, the {@code --master} of drivers. */
    public String master() {
        return cluster.master();
    }

    public String s3Endpoint() {
        return cluster.s3Endpoint();
    }

    /** The supervisor: {@code glasshouse local} itself. */
    public long supervisorPid() {
        return cluster.supervisorPid();
    }

    /** The running cluster-manager process; 0 while the supervisor restarts it. */
    public long clusterManagerPid() throws IOException {
        return state().get("clusterManagerPid").asLong();
    }

    /**
     * The executors registered with the running cluster-manager, in registration order. Right after a restart of
     * the cluster-manager, and while it is down, the list is empty or short until they register again.
     */
    public List<ExecutorProcess> executors() throws IOException {
        List<ExecutorProcess> executors = new ArrayList<>();
        for (JsonNode executor : state().get("executors")) {
            executors.add(new ExecutorProcess(executor.get("id").asText(), executor.get("pid").asLong()));
        }
        return executors;
    }

    /** Whether an S3 outage ({@link #takeDownS3}) is under way. */
    public boolean s3Down() throws IOException {
        return state().get("s3Down").asBoolean();
    }

    /**
     * Stops the S3 server for {@code outage} (whole seconds, at least 1); it serves again on its own afterwards.
     * Returns at once.
     *
     * @throws IllegalArgumentException when the outage is not whole seconds from 1 s to an hour
     * @throws IOException              with the supervisor's reason, e.g. that S3 is down already
     */
    public void takeDownS3(Duration outage) throws IOException {
        if (outage.toMillis() % 1000 != 0 || outage.toSeconds() < 1
                || outage.toSeconds() > ControlServer.MAX_OUTAGE_SECONDS) {
            throw new IllegalArgumentException("an S3 outage lasts whole seconds from 1 to "
                    + ControlServer.MAX_OUTAGE_SECONDS + ", not " + outage);
        }
        send(HttpRequest.newBuilder(uri("/s3/outage?seconds=" + outage.toSeconds()))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode state() throws IOException {
        return send(HttpRequest.newBuilder(uri("/state")).GET());
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + cluster.controlPort() + pathAndQuery);
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("the local cluster in " + dataDir + " does not answer on its control port "
                    + cluster.controlPort() + " (" + LocalClusterFile.in(dataDir) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the local cluster in " + dataDir, e);
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IOException("the local cluster in " + dataDir + " refused: "
                    + body.path("error").asText(response.body()));
        }
        return body;
    }
}
