package dev.glasshouse.core.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.csv.CsvRowReader;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.core.types.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SalesDataGeneratorTest {
    @RegisterExtension
    static final TestS3 s3 = new TestS3();

    private static final int[] ALL = {0, 1, 2, 3, 4, 5};

    @Test
    void schemaIsTheDocumentedOne() {
        assertThat(SalesDataGenerator.schema()).isEqualTo(Schema.parseDdl(
                "order_id long, customer_id long, country string, product string, amount double, ts string"));
    }

    @Test
    void sameSeedGivesSameRowsAndEachRowStandsAlone() {
        SalesDataGenerator a = new SalesDataGenerator(1000, 3, 7);
        SalesDataGenerator b = new SalesDataGenerator(50_000, 9, 7);
        assertThat(a.rows().toList()).isEqualTo(b.rows().limit(1000).toList());
        assertThat(a.row(999)).isEqualTo(b.row(999));
        assertThat(new SalesDataGenerator(1000, 3, 8).rows().toList()).isNotEqualTo(a.rows().toList());
    }

    @Test
    void valuesAreInTheirDocumentedRanges() {
        List<Row> rows = new SalesDataGenerator(5000, 1, 1).rows().toList();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertThat(row.get(0)).isEqualTo(i + 1L);
            assertThat((Long) row.get(1)).isBetween(1L, 100_000L);
            assertThat((String) row.get(2)).hasSize(2);
            assertThat((Double) row.get(4)).isGreaterThanOrEqualTo(1.0).isLessThan(500.0);
            assertThat(Math.round((Double) row.get(4) * 100) / 100.0).isEqualTo(row.get(4));
            Instant ts = Instant.parse((String) row.get(5));
            assertThat(ts).isBetween(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59Z"));
        }
        assertThat(rows.stream().map(r -> r.get(3)).distinct().count()).isEqualTo(10);
        assertThat(rows.stream().map(r -> r.get(2)).distinct().count()).isEqualTo(20);
    }

    @Test
    void countriesAreSkewed() {
        Map<Object, Long> counts = new SalesDataGenerator(100_000, 1, 42).rows()
                .collect(Collectors.groupingBy(r -> r.get(2), Collectors.counting()));
        assertThat(counts.get("US")).isBetween(29_000L, 31_000L);
        assertThat(counts.get("IN")).isBetween(14_000L, 16_000L);
        assertThat(counts.get("AR")).isBetween(700L, 1_300L);
        long largest = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(largest).isEqualTo(counts.get("US"));
    }

    @Test
    void rowsAreSplitEvenlyOverFiles() {
        SalesDataGenerator gen = new SalesDataGenerator(10, 4, 1);
        assertThat(List.of(gen.firstRow(0), gen.firstRow(1), gen.firstRow(2), gen.firstRow(3), gen.firstRow(4)))
                .containsExactly(0L, 3L, 6L, 8L, 10L);
    }

    @Test
    void writtenFilesParseBackToTheGeneratedRows() throws IOException {
        ObjectStore store = s3.store();
        SalesDataGenerator gen = new SalesDataGenerator(2_345, 4, 99);
        S3Path prefix = S3Path.parse("s3://gen/sales/");
        long bytes = gen.writeTo(store, prefix);

        List<ObjectInfo> files = store.list(prefix);
        assertThat(files).extracting(info -> info.path().toString()).containsExactly(
                "s3://gen/sales/part-00000.csv", "s3://gen/sales/part-00001.csv",
                "s3://gen/sales/part-00002.csv", "s3://gen/sales/part-00003.csv");
        assertThat(files.stream().mapToLong(ObjectInfo::size).sum()).isEqualTo(bytes);

        List<Row> readBack = new ArrayList<>();
        for (ObjectInfo file : files) {
            try (InputStream in = store.open(file.path())) {
                String firstLine = new String(in.readNBytes(60), StandardCharsets.UTF_8).split("\n")[0];
                assertThat(firstLine).isEqualTo("order_id,customer_id,country,product,amount,ts");
            }
            try (CsvRowReader reader = new CsvRowReader(store.open(file.path()), file.path().toString(),
                    SalesDataGenerator.CSV_OPTIONS, SalesDataGenerator.schema(), ALL)) {
                reader.forEachRemaining(readBack::add);
            }
        }
        assertThat(readBack).isEqualTo(gen.rows().toList());
    }

    @Test
    void rewritingWithFewerFilesRemovesStaleParts() {
        ObjectStore store = s3.store();
        S3Path prefix = S3Path.parse("s3://gen/rewrite");
        new SalesDataGenerator(100, 5, 1).writeTo(store, prefix);
        store.put(prefix.child("_SUCCESS"), new byte[0]);
        new SalesDataGenerator(100, 2, 1).writeTo(store, prefix);

        assertThat(store.list(prefix)).extracting(info -> info.path().key()).containsExactly(
                "rewrite/_SUCCESS", "rewrite/part-00000.csv", "rewrite/part-00001.csv");
        Map<String, ObjectInfo> byName = store.list(prefix).stream()
                .collect(Collectors.toMap(i -> i.path().key(), Function.identity()));
        assertThat(byName.get("rewrite/part-00000.csv").size()).isPositive();
    }
}
