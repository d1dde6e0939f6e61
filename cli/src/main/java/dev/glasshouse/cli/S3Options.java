package dev.glasshouse.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** S3 connection flags shared by commands that talk to S3; unset flags fall back to {@code glasshouse.s3.*}. */
public final class S3Options {
    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "S3 endpoint, e.g. http://127.0.0.1:9000 (default: glasshouse.s3.endpoint)")
    String endpoint;

    @Option(names = "--s3-access-key", paramLabel = "KEY", description = "S3 access key (default: glasshouse.s3.access-key)")
    String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET",
            description = "S3 secret key (default: glasshouse.s3.secret-key; prefer the GLASSHOUSE_S3_SECRET_KEY variable)")
    String secretKey;

    /** The process configuration with these flags applied. */
    Config apply(Config base) {
        Config config = base;
        if (endpoint != null) config = config.withValue("glasshouse.s3.endpoint", ConfigValueFactory.fromAnyRef(endpoint));
        if (accessKey != null) config = config.withValue("glasshouse.s3.access-key", ConfigValueFactory.fromAnyRef(accessKey));
        if (secretKey != null) config = config.withValue("glasshouse.s3.secret-key", ConfigValueFactory.fromAnyRef(secretKey));
        return config;
    }

    Config config() {
        return apply(ConfigFactory.load());
    }

    /** The flags that were given, as {@code glasshouse.s3.*} keys (for an application's system properties). */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (endpoint != null) properties.put("glasshouse.s3.endpoint", endpoint);
        if (accessKey != null) properties.put("glasshouse.s3.access-key", accessKey);
        if (secretKey != null) properties.put("glasshouse.s3.secret-key", secretKey);
        return properties;
    }
}
