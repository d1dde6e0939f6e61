package dev.glasshouse.core.exec;

/** Where the shuffle output of one map partition lives: the executor that wrote it and its block server. */
public record MapOutputLocation(int mapPartition, String executorId, String host, int port) {
    public String address() {
        return host + ":" + port;
    }
}
