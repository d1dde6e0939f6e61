package dev.glasshouse.core.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    @Test
    void readsGlasshouseS3KeysAndHidesTheSecret() {
        S3Settings settings = S3Settings.fromConfig(ConfigFactory.parseMap(Map.of(
                "glasshouse.s3.endpoint", "http://s3.local:9000",
                "glasshouse.s3.access-key", "ak",
                "glasshouse.s3.secret-key", "very-secret",
                "glasshouse.s3.region", "eu-west-1")));

        assertThat(settings).isEqualTo(new S3Settings("http://s3.local:9000", "ak", "very-secret", "eu-west-1"));
        assertThat(settings.toString()).contains("http://s3.local:9000", "ak", "eu-west-1")
                .doesNotContain("very-secret");
    }

    @Test
    void referenceConfHasDefaults() {
        S3Settings settings = S3Settings.fromConfig(ConfigFactory.defaultReference());
        assertThat(settings.endpoint()).startsWith("http://");
        assertThat(settings.region()).isNotEmpty();
    }
}
