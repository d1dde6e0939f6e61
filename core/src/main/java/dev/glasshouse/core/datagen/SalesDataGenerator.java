package dev.glasshouse.core.datagen;

import dev.glasshouse.core.csv.CsvOptions;
import dev.glasshouse.core.csv.ParseMode;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Deterministic sales data: {@code order_id,customer_id,country,product,amount,ts}. Row {@code i} depends only on
 * the seed and {@code i}, drawn in column order from {@code new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i)}, so
 * any part of the data set can be recomputed without the rest. Countries are skewed (US 30 %, IN 15 %, then a long
 * tail) so that grouping by country shows uneven partitions.
 */
public final class SalesDataGenerator {
    private static final String[] COUNTRIES = {
        "US", "IN", "CN", "BR", "DE", "GB", "FR", "JP", "ID", "MX",
        "NG", "CA", "IT", "ES", "KR", "AU", "NL", "SE", "ZA", "AR"};
    /** Per mille of rows for each of COUNTRIES, summing to 1000. */
    private static final int[] COUNTRY_WEIGHTS = {
        300, 150, 80, 70, 60, 50, 40, 40, 30, 30,
        20, 20, 20, 20, 15, 15, 10, 10, 10, 10};
    private static final String[] PRODUCTS = {
        "laptop", "phone", "tablet", "monitor", "keyboard", "mouse", "headphones", "camera", "printer", "speaker"};
    private static final long YEAR_START = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_SECONDS = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() - YEAR_START;
    /** How the files are written: a header line, then Spark-default CSV. */
    public static final CsvOptions CSV_OPTIONS = new CsvOptions(true, ',', '"', '\\', "", false,
            ParseMode.PERMISSIVE, CsvOptions.DEFAULT_CORRUPT_RECORD_COLUMN);

    private final long rows;
    private final int files;
    private final long seed;

    public SalesDataGenerator(long rows, int files, long seed) {
        if (rows < 0) throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        if (files < 1) throw new IllegalArgumentException("files must be >= 1, got " + files);
        this.rows = rows;
        this.files = files;
        this.seed = seed;
    }

    public static Schema schema() {
        return Schema.of(
                new Field("order_id", DataType.LONG),
                new Field("customer_id", DataType.LONG),
                new Field("country", DataType.STRING),
                new Field("product", DataType.STRING),
                new Field("amount", DataType.DOUBLE),
                new Field("ts", DataType.STRING));
    }

    public long rowCount() {
        return rows;
    }

    public int fileCount() {
        return files;
    }

    /** The row with 0-based index {@code i}; its order_id is {@code i + 1}. */
    public Row row(long i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        long customerId = 1 + random.nextInt(100_000);
        String country = country(random.nextInt(1000));
        String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        double amount = (100 + random.nextInt(49_900)) / 100.0;
        String ts = Instant.ofEpochSecond(YEAR_START + random.nextLong(YEAR_SECONDS)).toString();
        return new Row(i + 1, customerId, country, product, amount, ts);
    }

    /** Every row, in order_id order. */
    public Stream<Row> rows() {
        return LongStream.range(0, rows).mapToObj(this::row);
    }

    /** The name of file {@code f}: {@code part-00000.csv}, ... */
    public static String fileName(int f) {
        return String.format("part-%05d.csv", f);
    }

    /** Index of the first row of file {@code f}; file f holds rows [firstRow(f), firstRow(f + 1)). */
    public long firstRow(int f) {
        long base = rows / files;
        long extra = rows % files;
        return f * base + Math.min(f, extra);
    }

    /**
     * Writes the files under {@code prefix} (creating the bucket if needed), replacing files of an earlier run:
     * part files beyond this run's count are deleted so the prefix holds exactly this data set. Each file is
     * formatted into a local temporary file and uploaded. Returns the total bytes written.
     */
    public long writeTo(ObjectStore store, S3Path prefix) {
        return writeTo(store, prefix, row -> { });
    }

    /**
     * As {@link #writeTo(ObjectStore, S3Path)}, showing every row written to {@code observer} in order_id order:
     * lets a caller compute expected answers in the same pass instead of generating the rows twice.
     */
    public long writeTo(ObjectStore store, S3Path prefix, Consumer<Row> observer) {
        store.ensureBucket(prefix.bucket());
        Set<S3Path> written = new HashSet<>();
        long total = 0;
        for (int f = 0; f < files; f++) {
            S3Path target = prefix.child(fileName(f));
            total += writeFile(store, f, target, observer);
            written.add(target);
        }
        List<S3Path> stale = new ArrayList<>();
        for (ObjectInfo info : store.list(prefix)) {
            String name = info.path().key().substring(prefix.keyAsPrefix().length());
            if (name.matches("part-\\d{5}\\.csv") && !written.contains(info.path())) stale.add(info.path());
        }
        if (!stale.isEmpty()) store.deleteAll(stale);
        return total;
    }

    private long writeFile(ObjectStore store, int f, S3Path target, Consumer<Row> observer) {
        return CsvUpload.upload(store, target, schema(), writer -> {
            for (long i = firstRow(f); i < firstRow(f + 1); i++) {
                Row row = row(i);
                writer.write(row);
                observer.accept(row);
            }
        });
    }

    private static String country(int perMille) {
        int cumulative = 0;
        for (int c = 0; c < COUNTRIES.length; c++) {
            cumulative += COUNTRY_WEIGHTS[c];
            if (perMille < cumulative) return COUNTRIES[c];
        }
        throw new AssertionError("country weights sum to " + cumulative + ", not 1000");
    }
}
