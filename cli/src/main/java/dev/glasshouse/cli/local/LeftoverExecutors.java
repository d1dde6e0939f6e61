package dev.glasshouse.cli.local;

import dev.glasshouse.clustermanager.state.ExecutorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executors still running when the local cluster stops, because the cluster-manager that would have stopped them
 * had died. They would follow the supervisor out on their own, but only once they notice it is gone; stopping them
 * here leaves no process behind when the supervisor returns.
 *
 * <p>A process id from the executors file is only signalled when its command line shows it is an executor of
 * this supervisor ({@code -Dglasshouse.executor.parent-pid=<this pid>}): the id may have been reused since.
 * Without {@code /proc} (not Linux) nothing is signalled.
 */
final class LeftoverExecutors {
    private static final long STOP_WAIT_SECONDS = 5;
    private static final Logger log = LoggerFactory.getLogger(LeftoverExecutors.class);

    private LeftoverExecutors() {
    }

    static void stop(Path executorsFile) {
        List<ExecutorsFile.Executor> listed;
        try {
            listed = ExecutorsFile.read(executorsFile).map(ExecutorsFile.Snapshot::executors).orElse(List.of());
        } catch (IOException e) {
            log.warn("cannot tell which executors may be left: {}", e.getMessage());
            return;
        }
        String marker = "-Dglasshouse.executor.parent-pid=" + ProcessHandle.current().pid();
        List<ProcessHandle> leftover = new ArrayList<>();
        for (ExecutorsFile.Executor executor : listed) {
            ProcessHandle.of(executor.pid()).filter(ProcessHandle::isAlive)
                    .filter(process -> commandLine(process.pid()).contains(marker))
                    .ifPresent(process -> {
                        log.warn("stopping executor {} (process {}), left by a cluster-manager that died",
                                executor.executorId(), process.pid());
                        process.destroy();
                        leftover.add(process);
                    });
        }
        for (ProcessHandle process : leftover) {
            try {
                process.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
