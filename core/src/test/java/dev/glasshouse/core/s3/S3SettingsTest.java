package dev.glasshouse.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
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
        assertThat(settings.retry()).isEqualTo(S3RetryPolicy.DEFAULT);
        assertThat(S3RetryPolicy.DEFAULT).isEqualTo(new S3RetryPolicy(Duration.ofSeconds(30), Duration.ofMillis(200),
                Duration.ofSeconds(5)));
    }

    @Test
    void readsTheRetryKeys() {
        S3Settings settings = S3Settings.fromConfig(ConfigFactory.parseMap(Map.of(
                "glasshouse.s3.retry.max-elapsed", "2m",
                "glasshouse.s3.retry.initial-backoff", "50ms",
                "glasshouse.s3.retry.max-backoff", "1s")).withFallback(ConfigFactory.defaultReference()));

        assertThat(settings.retry()).isEqualTo(new S3RetryPolicy(Duration.ofMinutes(2), Duration.ofMillis(50),
                Duration.ofSeconds(1)));
    }

    @Test
    void aBadRetrySettingNamesItsKey() {
        assertThatThrownBy(() -> S3Settings.fromConfig(ConfigFactory.parseMap(Map.of(
                "glasshouse.s3.retry.initial-backoff", "10s",
                "glasshouse.s3.retry.max-backoff", "1s")).withFallback(ConfigFactory.defaultReference())))
                .hasMessage("glasshouse.s3.retry.max-backoff (PT1S) must be at least "
                        + "glasshouse.s3.retry.initial-backoff (PT10S)");
        assertThatThrownBy(() -> new S3RetryPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("glasshouse.s3.retry.initial-backoff must be more than 0");
    }
}
