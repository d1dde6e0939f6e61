package dev.glasshouse.cli.chaos;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The cluster a chaos run hits: its processes and its S3 server. Locally, the processes of 'glasshouse local'. */
public interface ChaosTarget {

    /** An executor process alive now. */
    record ExecutorProcess(String executorId, long pid) {
    }

    /** The executors registered with the cluster-manager now, sorted by id. */
    List<ExecutorProcess> executors() throws IOException;

    long clusterManagerPid() throws IOException;

    /** Stops S3 at once and brings it back after {@code outage}; returns at once. */
    void takeDownS3(Duration outage) throws IOException;

    /** Sends a signal (KILL, TERM, STOP, CONT) to a process of the cluster. */
    default void signal(long pid, String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
        try {
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IOException("kill -s " + signal + " " + pid + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling process " + pid, e);
        }
    }
}
