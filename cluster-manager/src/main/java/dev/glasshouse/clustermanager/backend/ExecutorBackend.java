package dev.glasshouse.clustermanager.backend;

/**
 * How executors are started and stopped: local processes today, Kubernetes pods later, without the
 * cluster-manager actor noticing the difference.
 *
 * <p>{@link #launch} and {@link #stop} return at once and do their work on the backend's own threads, so an
 * actor may call them. Whether an executor came up is learnt from its registration, not from the backend.
 */
public interface ExecutorBackend {

    /** One executor to start, under an id never used before. */
    record ExecutorLaunch(String executorId, int cores, int memoryMb) {
    }

    /** Told, on a backend thread, about executors that ended without being asked to. */
    interface Listener {
        /**
         * The executor is gone: its process exited, or it could not be started at all ({@code exitCode} -1; also
         * -1 for an adopted executor, whose exit code only its parent can read).
         *
         * @param reason for people: what happened and where to look (the executor's log)
         */
        void executorExited(String executorId, int exitCode, String reason);
    }

    /**
     * Called once. Executors may be launched before it (while the cluster-manager's actor system starts); their
     * exits, if any, are told once it is called.
     */
    void start(Listener listener);

    void launch(ExecutorLaunch launch);

    /**
     * Takes charge of an executor this backend did not launch: one a previous cluster-manager started, which
     * registered with this one. From now on its end is reported like a launched executor's, and {@link #stop}
     * and {@link #stopAll} stop it. Harmless for an executor the backend already runs.
     *
     * @param pid its operating-system process id ({@code ExecutorInfo.pid})
     */
    void adopt(String executorId, long pid);

    /** Stops the executor if it runs; its exit is not reported to the listener. Harmless for unknown ids. */
    void stop(String executorId);

    /**
     * Stops every executor and waits until they are gone; afterwards the backend launches nothing more.
     * Idempotent.
     */
    void stopAll();
}
