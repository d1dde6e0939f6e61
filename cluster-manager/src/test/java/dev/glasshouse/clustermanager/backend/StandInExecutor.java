package dev.glasshouse.clustermanager.backend;

/**
 * Started by {@link LocalProcessBackendTest} in place of the real executor: prints what it was given to its
 * stdout (the executor log), then exits with {@code -Dtest.exit-code} or, without it, runs until stopped.
 */
public final class StandInExecutor {
    private StandInExecutor() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("id=" + System.getProperty("glasshouse.executor.id"));
        System.out.println("cores=" + System.getProperty("glasshouse.executor.cores"));
        System.out.println("master=" + System.getProperty("glasshouse.cluster.master"));
        System.out.println("parent-pid=" + System.getProperty("glasshouse.executor.parent-pid"));
        System.out.println("secret=" + System.getenv("GLASSHOUSE_S3_SECRET_KEY"));
        System.out.println("ready");
        System.out.flush();
        String exitCode = System.getProperty("test.exit-code");
        if (exitCode != null) System.exit(Integer.parseInt(exitCode));
        Thread.sleep(Long.MAX_VALUE);
    }
}
