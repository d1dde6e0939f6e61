package dev.glasshouse.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.expr.BoundColumn;
import dev.glasshouse.core.expr.Comparison;
import dev.glasshouse.core.expr.Expression;
import dev.glasshouse.core.expr.Literal;
import dev.glasshouse.core.format.FileFormat;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import dev.glasshouse.core.types.Schema;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A file scan with pushed filters drops rows as it reads them, yet counts every row it read. */
class PushedFilterScanTest {
    @RegisterExtension
    static final TestS3 s3 = new TestS3();

    private static final String PATH = "s3://scan/sales/country=IN/part-0.csv";
    private static final Schema DATA = Schema.parseDdl("id long, amount double");
    private static final Schema PARTITIONS = Schema.parseDdl("country string");
    /** Full positions: id#0, amount#1 (in the file), country#2 (from the directory). */
    private static final Expression AMOUNT_OVER_50 = new Comparison(Comparison.Op.GT,
            new BoundColumn(1, "amount", DATA.field(1).type()), Literal.of(50.0));
    private static long fileSize;

    @BeforeAll
    static void writeFile() {
        s3.store().ensureBucket("scan");
        // Amounts 10, 20, ..., 100 and one null: 5 rows pass amount > 50, the null does not.
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 10; i++) csv.append(i).append(',').append(i * 10.0).append('\n');
        csv.append("11,\n");
        byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);
        fileSize = data.length;
        s3.store().put(S3Path.parse(PATH), data);
    }

    private static PartitionSource.FileScan scan(int[] columns, List<Expression> filters) {
        return new PartitionSource.FileScan(new FileSplit(PATH, 0, fileSize, fileSize), new FileFormat.Csv(CsvOptions.defaults()),
                DATA, PARTITIONS, columns, filters);
    }

    private static List<Row> readAll(SourceReader reader) {
        List<Row> rows = new ArrayList<>();
        reader.forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void aColumnReadOnlyByThePushedFilterIsTestedButNotOutput() throws Exception {
        try (SourceReader reader = SourceReader.open(scan(new int[] {0}, List.of(AMOUNT_OVER_50)), "app", env())) {
            assertThat(readAll(reader)).containsExactly(new Row(6L), new Row(7L), new Row(8L), new Row(9L),
                    new Row(10L));
            assertThat(reader.inputRows()).isEqualTo(11);
        }
    }

    @Test
    void filtersOnDataAndPartitionColumnsAreAndedAndOutputKeepsItsOrder() throws Exception {
        Expression inIndia = new Comparison(Comparison.Op.EQ,
                new BoundColumn(2, "country", PARTITIONS.field(0).type()), Literal.of("IN"));
        Expression idBelow8 = new Comparison(Comparison.Op.LT,
                new BoundColumn(0, "id", DATA.field(0).type()), Literal.of(8L));
        try (SourceReader reader = SourceReader.open(
                scan(new int[] {2, 1}, List.of(AMOUNT_OVER_50, inIndia, idBelow8)), "app", env())) {
            assertThat(readAll(reader)).containsExactly(new Row("IN", 60.0), new Row("IN", 70.0));
            assertThat(reader.inputRows()).isEqualTo(11);
        }
        Expression inUs = new Comparison(Comparison.Op.EQ,
                new BoundColumn(2, "country", PARTITIONS.field(0).type()), Literal.of("US"));
        try (SourceReader reader = SourceReader.open(scan(new int[] {0}, List.of(inUs)), "app", env())) {
            assertThat(readAll(reader)).isEmpty();
            assertThat(reader.inputRows()).isEqualTo(11);
        }
    }

    /** Only the object store is used by a file scan. */
    private static TaskEnvironment env() {
        ObjectStore store = s3.store();
        return new TaskEnvironment() {
            @Override
            public ObjectStore objectStore() {
                return store;
            }

            @Override
            public dev.glasshouse.core.cache.PartitionCache cache() {
                throw new UnsupportedOperationException("a file scan reads no cache");
            }

            @Override
            public InputStream openShuffleBlock(String applicationId, int shuffleId, MapOutputLocation location,
                                                int reducePartition) {
                throw new UnsupportedOperationException("a file scan reads no shuffle");
            }

            @Override
            public ShuffleOutput createShuffleOutput(String applicationId, int shuffleId, int mapPartition,
                                                     int reducePartitions) {
                throw new UnsupportedOperationException("a file scan writes no shuffle");
            }

            @Override
            public BlockOutput createResultBlock(String applicationId, int stageId, int partition) {
                throw new UnsupportedOperationException("a file scan writes no result");
            }
        };
    }
}
