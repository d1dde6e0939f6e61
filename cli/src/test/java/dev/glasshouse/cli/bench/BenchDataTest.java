package dev.glasshouse.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Data sets are generated once and reused only while they are exactly what a run asks for. */
class BenchDataTest {
    @RegisterExtension
    final TestS3 s3 = new TestS3();

    @Test
    void aSalesDataSetIsReusedWithItsAnswersUntilAFileChanges() {
        BenchData data = new BenchData(s3.store());
        BenchData.DataSet first = data.sales(5_000);
        assertThat(first.reused()).isFalse();
        assertThat(first.files()).isEqualTo(2);
        assertThat(first.path()).isEqualTo("s3://bench/sales-5k/");
        assertThat(first.expected()).containsKeys(BenchJob.GROUPBY, BenchJob.FILTER_GROUPBY, BenchJob.JOIN);

        BenchData.DataSet again = data.sales(5_000);
        assertThat(again.reused()).isTrue();
        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.expected()).isEqualTo(first.expected());

        s3.store().put(S3Path.parse("s3://bench/sales-5k/part-00001.csv"), "order_id\n".getBytes());
        BenchData.DataSet regenerated = data.sales(5_000);
        assertThat(regenerated.reused()).isFalse();
        assertThat(regenerated.expected()).isEqualTo(first.expected());
        assertThat(data.sales(5_000).reused()).isTrue();
    }

    @Test
    void anotherSizeIsAnotherDataSetAndCustomersAreReusedToo() {
        BenchData data = new BenchData(s3.store());
        assertThat(data.sales(3_000).path()).isEqualTo("s3://bench/sales-3k/");
        assertThat(data.sales(3_001).path()).isEqualTo("s3://bench/sales-3001/");
        assertThat(data.customers().reused()).isFalse();
        assertThat(data.customers().reused()).isTrue();
    }

    @Test
    void rowCountsTakeSuffixes() {
        assertThat(RowCount.parse("10m")).isEqualTo(10_000_000);
        assertThat(RowCount.parse("20k")).isEqualTo(20_000);
        assertThat(RowCount.parse("100000")).isEqualTo(100_000);
        assertThat(BenchData.filesFor(10_000_000)).isEqualTo(32);
        assertThat(BenchData.filesFor(1_000_000)).isEqualTo(4);
        assertThat(BenchData.filesFor(20_000)).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RowCount.parse("ten"))
                .hasMessageContaining("'ten' is not a row count");
    }
}
