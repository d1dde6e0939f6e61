package dev.glasshouse.executor;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread factories for the executor's pools: named for thread dumps, daemon so they never keep a JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** Threads named {@code prefix1}, {@code prefix2}, ... */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
