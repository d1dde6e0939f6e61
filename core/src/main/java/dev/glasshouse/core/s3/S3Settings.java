package dev.glasshouse.core.s3;

import com.typesafe.config.Config;

/** How to reach S3: the glasshouse.s3.* settings. */
public record S3Settings(String endpoint, String accessKey, String secretKey, String region, S3RetryPolicy retry) {

    /** With the default retry policy. */
    public S3Settings(String endpoint, String accessKey, String secretKey, String region) {
        this(endpoint, accessKey, secretKey, region, S3RetryPolicy.DEFAULT);
    }

    public static S3Settings fromConfig(Config c) {
        return new S3Settings(
                c.getString("glasshouse.s3.endpoint"),
                c.getString("glasshouse.s3.access-key"),
                c.getString("glasshouse.s3.secret-key"),
                c.getString("glasshouse.s3.region"),
                S3RetryPolicy.fromConfig(c));
    }

    /** The same settings with another retry policy. */
    public S3Settings withRetry(S3RetryPolicy retry) {
        return new S3Settings(endpoint, accessKey, secretKey, region, retry);
    }

    /** Never prints the secret key: settings end up in logs and error messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", accessKey=" + accessKey + ", region=" + region + ", retry="
                + retry + "]";
    }
}
