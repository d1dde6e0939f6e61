package dev.glasshouse.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import picocli.CommandLine;

/** Parses durations as Typesafe Config does for configuration files: {@code 500ms}, {@code 10s}, {@code 2m}. */
final class DurationValue implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value.trim())).getDuration("d");
        } catch (ConfigException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 10s "
                    + "or 2m");
        }
    }
}
