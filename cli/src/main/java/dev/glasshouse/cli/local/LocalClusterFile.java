package dev.glasshouse.cli.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glasshouse.clustermanager.state.StateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data-dir>/local-cluster.json}: where a running local cluster can be reached, written by its supervisor
 * once the cluster is ready and deleted when it stops:
 * <pre>{"master": "127.0.0.1:2551", "s3Endpoint": "http://127.0.0.1:9000", "supervisorPid": 4711, "controlPort": 41234}</pre>
 *
 * @param controlPort port of the supervisor's control endpoint on 127.0.0.1 ({@link ControlServer})
 */
public record LocalClusterFile(String master, String s3Endpoint, long supervisorPid, int controlPort) {
    public static final String NAME = "local-cluster.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path in(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    /** Empty when there is no file; a file that cannot be read or parsed fails, naming it. */
    public static Optional<LocalClusterFile> read(Path file) throws IOException {
        return StateFiles.readJson(file, "local cluster file", root -> new LocalClusterFile(
                root.get("master").asText(), root.get("s3Endpoint").asText(), root.get("supervisorPid").asLong(),
                root.get("controlPort").asInt()));
    }

    public void write(Path file) throws IOException {
        StateFiles.writeAtomically(file, JSON.createObjectNode()
                .put("master", master)
                .put("s3Endpoint", s3Endpoint)
                .put("supervisorPid", supervisorPid)
                .put("controlPort", controlPort)
                .toString() + "\n");
    }

    /** Whether the supervisor that wrote the file still runs. */
    public boolean supervisorAlive() {
        return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
