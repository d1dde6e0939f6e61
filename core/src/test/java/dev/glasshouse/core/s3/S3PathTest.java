package dev.glasshouse.core.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3PathTest {
    @Test
    void parsesBucketAndKey() {
        assertThat(S3Path.parse("s3://raw/sales/part-00000.csv"))
                .isEqualTo(new S3Path("raw", "sales/part-00000.csv"));
        assertThat(S3Path.parse("s3a://raw/sales/")).isEqualTo(new S3Path("raw", "sales/"));
        assertThat(S3Path.parse("s3://raw")).isEqualTo(new S3Path("raw", ""));
        assertThat(S3Path.parse("s3://raw/")).isEqualTo(new S3Path("raw", ""));
    }

    @Test
    void printsAsS3Uri() {
        assertThat(S3Path.parse("s3a://raw/sales/x.csv")).hasToString("s3://raw/sales/x.csv");
        assertThat(S3Path.parse("s3://raw")).hasToString("s3://raw/");
    }

    @Test
    void childJoinsWithExactlyOneSlash() {
        assertThat(S3Path.parse("s3://raw/sales").child("a.csv")).hasToString("s3://raw/sales/a.csv");
        assertThat(S3Path.parse("s3://raw/sales/").child("/a.csv")).hasToString("s3://raw/sales/a.csv");
        assertThat(S3Path.parse("s3://raw").child("a.csv")).hasToString("s3://raw/a.csv");
    }

    @Test
    void keyAsPrefixEndsInSlash() {
        assertThat(S3Path.parse("s3://raw/sales").keyAsPrefix()).isEqualTo("sales/");
        assertThat(S3Path.parse("s3://raw/sales/").keyAsPrefix()).isEqualTo("sales/");
        assertThat(S3Path.parse("s3://raw").keyAsPrefix()).isEmpty();
    }

    @Test
    void malformedPathsAreNamed() {
        assertThatThrownBy(() -> S3Path.parse("/tmp/sales.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/tmp/sales.csv'").hasMessageContaining("s3://");
        assertThatThrownBy(() -> S3Path.parse("s3:///sales"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s3:///sales'").hasMessageContaining("bucket name is missing");
        assertThatThrownBy(() -> S3Path.parse("s3://Raw_Data/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'s3://Raw_Data/x'").hasMessageContaining("lowercase");
        assertThatThrownBy(() -> S3Path.parse("s3://raw//x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://raw/x");
    }
}
