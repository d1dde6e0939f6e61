package dev.glasshouse.cli.chaos;

/** The faults {@code glasshouse chaos} can inject into a local cluster. */
public enum FaultKind {
    /** Send a signal (KILL or TERM) to an executor's process: the process ends, its blocks with it. */
    KILL_EXECUTOR("kill-executor"),
    /** SIGSTOP an executor, and SIGCONT it after a while (or never): slow first, then lost. */
    PAUSE_EXECUTOR("pause-executor"),
    /** SIGKILL the cluster-manager; the local supervisor restarts it and it rejoins the cluster. */
    KILL_CLUSTER_MANAGER("kill-cluster-manager"),
    /** Take the S3 server down: connections are refused until it comes back. */
    S3_OUTAGE("s3-outage");

    private final String option;

    FaultKind(String option) {
        this.option = option;
    }

    /** The command-line option that asks for this fault, without its dashes. */
    public String option() {
        return option;
    }
}
