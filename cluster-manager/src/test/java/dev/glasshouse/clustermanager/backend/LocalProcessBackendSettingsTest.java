package dev.glasshouse.clustermanager.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalProcessBackendSettingsTest {
    @Test
    void executorsGetTheMemoryFractionsAndS3RetrySettingsOfTheClusterManager() {
        var config = ConfigFactory.parseString("""
                glasshouse.executor.storage-fraction = 0.2
                glasshouse.s3.retry.max-elapsed = 45s
                glasshouse.s3.retry.initial-backoff = 100ms
                """).withFallback(ConfigFactory.load());

        var settings = LocalProcessBackend.Settings.fromConfig(config, Path.of("work"), 2551);

        assertThat(settings.jvmOptions()).contains("-Dglasshouse.executor.storage-fraction=0.2",
                "-Dglasshouse.s3.retry.max-elapsed=45000ms", "-Dglasshouse.s3.retry.initial-backoff=100ms",
                "-Dglasshouse.s3.retry.max-backoff=5000ms");
        assertThat(settings.master()).isEqualTo("127.0.0.1:2551");
    }
}
