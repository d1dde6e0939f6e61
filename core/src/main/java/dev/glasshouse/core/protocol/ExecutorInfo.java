package dev.glasshouse.core.protocol;

/**
 * What the cluster knows about one executor process.
 *
 * @param executorId      stable name given by the cluster-manager ("exec-1"); a replacement gets a new id
 * @param incarnation     distinguishes two starts under the same id; messages from an old incarnation are ignored
 * @param host            address its block server listens on
 * @param blockServerPort port of its block server (the shuffle and result data plane)
 * @param cores           task slots: one task runs per core at a time
 * @param memoryMb        heap given to the executor JVM
 * @param pid             operating-system process id (locally) — lets tests and chaos tools find the process
 */
public record ExecutorInfo(String executorId, long incarnation, String host, int blockServerPort,
                           int cores, int memoryMb, long pid) implements CborSerializable {
    public String blockServerAddress() {
        return host + ":" + blockServerPort;
    }
}
