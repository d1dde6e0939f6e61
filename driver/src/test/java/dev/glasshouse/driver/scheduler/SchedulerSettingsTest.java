package dev.glasshouse.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {

    @Test
    void defaultsComeFromReferenceConf() {
        SchedulerSettings settings = SchedulerSettings.fromConfig(ConfigFactory.defaultReference());

        assertThat(settings).isEqualTo(new SchedulerSettings(4, 4, Duration.ofMillis(200),
                new SchedulerSettings.Speculation(false, 0.9, 3.0, Duration.ofMillis(100), Duration.ofMillis(100))));
    }

    @Test
    void aWrongValueIsRejectedNamingItsKey() {
        var config = ConfigFactory.defaultReference()
                .withValue("glasshouse.driver.speculation-quantile", ConfigValueFactory.fromAnyRef(1.5));

        assertThatThrownBy(() -> SchedulerSettings.fromConfig(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("glasshouse.driver.speculation-quantile must be a fraction in (0, 1], got 1.5");
    }
}
