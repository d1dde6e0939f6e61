package dev.glasshouse.cli.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {
    @TempDir
    Path dataDir;

    @Test
    void aSecondClusterInTheSameDataFolderIsRefusedNamingTheFirst() throws Exception {
        long running = ProcessHandle.current().pid();
        new LocalClusterFile("127.0.0.1:2551", "http://127.0.0.1:9000", running, 1)
                .write(LocalClusterFile.in(dataDir));

        assertThatThrownBy(() -> LocalCluster.start(ConfigFactory.load(),
                new LocalCluster.Settings(1, 1, 512, 2551, 9000, dataDir)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a local cluster is already running in " + dataDir + " (process " + running
                        + ", master 127.0.0.1:2551): stop it first or choose another --data-dir");
    }

    @Test
    void theClusterManagerNeedsAFixedPort() {
        assertThatThrownBy(() -> LocalCluster.start(ConfigFactory.load(),
                new LocalCluster.Settings(1, 1, 512, 0, 0, dataDir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--port 0: the cluster-manager needs a fixed port");
    }
}
