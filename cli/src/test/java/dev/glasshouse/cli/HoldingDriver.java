package dev.glasshouse.cli;

import dev.glasshouse.driver.GlasshouseSession;

/**
 * A driver in a process of its own, for tests that kill one: joins the cluster at {@code args[0]} with S3 at
 * {@code args[1]}, runs one small job on two executors (so it certainly holds them), prints
 * {@code HOLDING <application id> <job answer>}, then holds the executors until it is killed.
 */
public final class HoldingDriver {
    private HoldingDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        GlasshouseSession session = GlasshouseSession.builder().master(args[0])
                .config("glasshouse.s3.endpoint", args[1])
                .config("glasshouse.driver.executors", 2)
                .getOrCreate();
        long rows = session.range(0, 1000, 1, 2).count();
        System.out.println("HOLDING " + session.applicationId() + " " + rows);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
