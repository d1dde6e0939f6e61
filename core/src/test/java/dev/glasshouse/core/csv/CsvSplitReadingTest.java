package dev.glasshouse.core.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.exec.FileSplit;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.core.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CsvSplitReadingTest {
    @RegisterExtension
    static final TestS3 s3 = new TestS3();

    private static final Schema SCHEMA = Schema.parseDdl("id long, label string, value double");
    private static final int[] ALL = {0, 1, 2};
    private static final CsvOptions HEADER = new CsvOptions(true, ',', '"', '\\', "", false, ParseMode.FAILFAST,
            "_corrupt_record");

    private static String sampleCsv(int rows) {
        StringBuilder csv = new StringBuilder("id,label,value\n");
        for (int i = 0; i < rows; i++) {
            // Lines of varying length so split boundaries land at every kind of position.
            csv.append(i).append(",\"label, ").append("x".repeat(i % 17)).append("\",").append(i * 0.5).append('\n');
        }
        return csv.toString();
    }

    private static List<Row> readSplit(ObjectStore store, FileSplit split) {
        List<Row> rows = new ArrayList<>();
        try (CsvRowReader reader = CsvRowReader.open(store, split, HEADER, SCHEMA, ALL)) {
            reader.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void threeSplitsReadExactlyTheRowsOfTheWholeFile() {
        ObjectStore store = s3.store();
        store.ensureBucket("splits");
        byte[] data = sampleCsv(500).getBytes(StandardCharsets.UTF_8);
        S3Path path = S3Path.parse("s3://splits/three.csv");
        store.put(path, data);
        long size = data.length;

        List<Row> whole = readSplit(store, new FileSplit(path.toString(), 0, size, size));
        assertThat(whole).hasSize(500);
        assertThat(whole.get(0)).isEqualTo(new Row(0L, "label, ", 0.0));

        long third = size / 3;
        List<Row> bySplits = new ArrayList<>();
        bySplits.addAll(readSplit(store, new FileSplit(path.toString(), 0, third, size)));
        bySplits.addAll(readSplit(store, new FileSplit(path.toString(), third, third, size)));
        bySplits.addAll(readSplit(store, new FileSplit(path.toString(), 2 * third, size - 2 * third, size)));
        assertThat(bySplits).containsExactlyElementsOf(whole);
    }

    @Test
    void anySplitSizeReadsEveryRowOnce() {
        ObjectStore store = s3.store();
        store.ensureBucket("splits");
        byte[] data = sampleCsv(40).getBytes(StandardCharsets.UTF_8);
        S3Path path = S3Path.parse("s3://splits/many.csv");
        store.put(path, data);
        long size = data.length;
        List<Row> whole = readSplit(store, new FileSplit(path.toString(), 0, size, size));

        for (long splitSize : new long[] {7, 23, 24, 25, 64, 100, size - 1}) {
            List<Row> rows = new ArrayList<>();
            for (long start = 0; start < size; start += splitSize) {
                rows.addAll(readSplit(store, new FileSplit(path.toString(), start, Math.min(splitSize, size - start),
                        size)));
            }
            assertThat(rows).as("split size %d", splitSize).containsExactlyElementsOf(whole);
        }
    }

    @Test
    void openingASplitIsOneRangedRequest() {
        ObjectStore store = s3.store();
        store.ensureBucket("splits");
        byte[] data = sampleCsv(100).getBytes(StandardCharsets.UTF_8);
        S3Path path = S3Path.parse("s3://splits/counted.csv");
        store.put(path, data);

        long before = store.requestCount();
        List<Row> rows = readSplit(store, new FileSplit(path.toString(), data.length / 2, data.length / 4,
                data.length));
        assertThat(rows).isNotEmpty();
        assertThat(store.requestCount()).isEqualTo(before + 1);
    }

    @Test
    void errorsInALaterSplitNameTheSplit() {
        ObjectStore store = s3.store();
        store.ensureBucket("splits");
        String csv = "id,label,value\n1,a,1\n2,b,2\n3,c,oops\n";
        S3Path path = S3Path.parse("s3://splits/bad.csv");
        store.put(path, csv.getBytes(StandardCharsets.UTF_8));
        int start = csv.indexOf("1,a");

        assertThatThrownBy(() -> readSplit(store, new FileSplit(path.toString(), start, csv.length() - start,
                csv.length())))
                .isInstanceOf(CsvFormatException.class)
                .hasMessage("s3://splits/bad.csv line 2 of split starting at byte " + start
                        + ", column 'value': cannot read 'oops' as double");
    }

    @Test
    void emptyFileHasNoRows() {
        ObjectStore store = s3.store();
        store.ensureBucket("splits");
        S3Path path = S3Path.parse("s3://splits/empty.csv");
        store.put(path, new byte[0]);
        assertThat(readSplit(store, new FileSplit(path.toString(), 0, 0, 0))).isEmpty();
    }
}
