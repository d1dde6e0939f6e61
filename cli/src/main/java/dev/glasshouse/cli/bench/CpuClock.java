package dev.glasshouse.cli.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * CPU time used by the processes of a run, read from the operating system: the executors, the local cluster's
 * own processes (the supervisor with the S3 server, and the cluster-manager it runs) and this one (the driver).
 * On a machine shared with other work, wall time depends on what else runs; CPU time much less, so the report
 * gives both.
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
        return new Reading(executors, clusterSeconds(), self.getProcessCpuTime() / 1e9);
    }

    /** The local cluster's supervisor (S3) and the cluster-manager, its child; not the executors below that. */
    private double clusterSeconds() {
        double seconds = cpuSeconds(clusterPid);
        for (ProcessHandle descendant : ProcessHandle.of(clusterPid).stream().flatMap(ProcessHandle::descendants)
                .filter(process -> !executorPids.contains(process.pid())).toList()) {
            seconds += cpuSeconds(descendant.pid());
        }
        return seconds;
    }

    private static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
