package dev.glasshouse.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * CPU time used by the processes of a run, read from the operating system: the executors, the local cluster's
 * own process (the S3 server and the cluster-manager) and this one (the driver). On a machine shared with other
 * work, wall time depends on what else runs; CPU time much less, so the report gives both.
 */
final class CpuClock {
    /** CPU seconds of each group of processes at one moment. */
    record Reading(double executors, double cluster, double driver) {
        Reading minus(Reading earlier) {
            return new Reading(executors - earlier.executors, cluster - earlier.cluster, driver - earlier.driver);
        }
    }

    private final List<Long> executorPids;
    private final long clusterPid;

    CpuClock(List<Long> executorPids, long clusterPid) {
        this.executorPids = List.copyOf(executorPids);
        this.clusterPid = clusterPid;
    }

    Reading read() {
        double executors = 0;
        for (long pid : executorPids) executors += cpuSeconds(pid);
        var self = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Reading(executors, cpuSeconds(clusterPid), self.getProcessCpuTime() / 1e9);
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
