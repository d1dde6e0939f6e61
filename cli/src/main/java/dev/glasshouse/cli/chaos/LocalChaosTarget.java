package dev.glasshouse.cli.chaos;

import dev.glasshouse.cli.local.LocalClusterControl;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** The processes and S3 server of a local cluster ('glasshouse local'), through its control surface. */
public final class LocalChaosTarget implements ChaosTarget {
    private final LocalClusterControl control;

    public LocalChaosTarget(LocalClusterControl control) {
        this.control = control;
    }

    @Override
    public List<ExecutorProcess> executors() throws IOException {
        return control.executors().stream()
                .map(e -> new ExecutorProcess(e.executorId(), e.pid()))
                .sorted(Comparator.comparing((ExecutorProcess e) -> e.executorId().length())
                        .thenComparing(ExecutorProcess::executorId))
                .toList();
    }

    @Override
    public long clusterManagerPid() throws IOException {
        return control.clusterManagerPid();
    }

    @Override
    public void takeDownS3(Duration outage) throws IOException {
        control.takeDownS3(outage);
    }
}
