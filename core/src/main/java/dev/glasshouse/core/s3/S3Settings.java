package dev.glasshouse.core.s3;

import com.typesafe.config.Config;

/** How to reach S3: the glasshouse.s3.* settings. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region) {

    public static S3Settings fromConfig(Config c) {
        return new S3Settings(
                c.getString("glasshouse.s3.endpoint"),
                c.getString("glasshouse.s3.access-key"),
                c.getString("glasshouse.s3.secret-key"),
                c.getString("glasshouse.s3.region"));
    }

    /** Never prints the secret key: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + "]";
    }
}
