package dev.glasshouse.cli.bench;

/**
 * One timed run of one job.
 *
 * @param rows       input rows of the sales data set (for {@link BenchJob#TASKS}: the rows produced, one per task)
 * @param run        1 for the first run of this job and size, 2 for the next with {@code --repeat}, ...
 * @param seconds    from the action's call to its result in the driver: planning, every stage, fetching results
 * @param tasks      task attempts the job launched
 * @param loadAverage the machine's one-minute load average when the run ended (figures under load are provisional)
 * @param cpu        CPU seconds the executors, the cluster process (S3 server, cluster-manager) and the driver used
 *                   during the run
 * @param heap       the executors' heap during the run, or null when it could not be watched
 */
record BenchRun(BenchJob job, long rows, int run, double seconds, int tasks, Answer answer, Answer expected,
                double loadAverage, CpuClock.Reading cpu, HeapMonitor.Peak heap) {

    boolean matches() {
        return answer.equals(expected);
    }

    /** Input rows per second, or for the tasks job tasks per second. */
    double throughput() {
        return (job == BenchJob.TASKS ? tasks : rows) / seconds;
    }
}
