package dev.glasshouse.clustermanager.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.core.protocol.ExecutorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code executors.json}: the executors a cluster-manager has registered, written by it after every change, for
 * whoever supervises it (the local cluster's control endpoint) and for the cluster-manager that replaces it:
 * <pre>
 * {"clusterManagerPid": 4711, "lastExecutorNumber": 3,
 *  "executors": [{"id": "exec-1", "pid": 4720, "cores": 1, "memoryMb": 512, "blockServer": "127.0.0.1:40123"}]}
 * </pre>
 */
public final class ExecutorsFile {
    public static final String NAME = "executors.json";

    /** One registered executor. */
    public record Executor(String executorId, long pid, int cores, int memoryMb, String blockServer) {
        public static Executor of(ExecutorInfo info) {
            return new Executor(info.executorId(), info.pid(), info.cores(), info.memoryMb(),
                    info.blockServerAddress());
        }
    }

    /**
     * @param clusterManagerPid  the process that wrote it: a file of an earlier cluster-manager is not current
     * @param lastExecutorNumber the highest {@code exec-N} launched so far, registered or not
     */
    public record Snapshot(long clusterManagerPid, int lastExecutorNumber, List<Executor> executors) {
        public Snapshot {
            executors = List.copyOf(executors);
        }
    }

    private ExecutorsFile() {
    }

    /** Empty when there is no file; a file that cannot be read or parsed fails, naming it. */
    public static Optional<Snapshot> read(Path file) throws IOException {
        return StateFiles.readJson(file, "executors file", root -> {
            List<Executor> executors = new ArrayList<>();
            for (JsonNode executor : root.path("executors")) {
                executors.add(new Executor(executor.get("id").asText(), executor.get("pid").asLong(),
                        executor.path("cores").asInt(), executor.path("memoryMb").asInt(),
                        executor.path("blockServer").asText()));
            }
            return new Snapshot(root.get("clusterManagerPid").asLong(), root.path("lastExecutorNumber").asInt(),
                    executors);
        });
    }

    public static String toJson(Snapshot snapshot) {
        ObjectNode root = StateFiles.Json.MAPPER.createObjectNode();
        root.put("clusterManagerPid", snapshot.clusterManagerPid());
        root.put("lastExecutorNumber", snapshot.lastExecutorNumber());
        ArrayNode executors = root.putArray("executors");
        for (Executor executor : snapshot.executors()) {
            executors.addObject()
                    .put("id", executor.executorId())
                    .put("pid", executor.pid())
                    .put("cores", executor.cores())
                    .put("memoryMb", executor.memoryMb())
                    .put("blockServer", executor.blockServer());
        }
        return root.toString();
    }
}
