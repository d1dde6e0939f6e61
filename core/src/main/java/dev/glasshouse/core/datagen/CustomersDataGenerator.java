package dev.glasshouse.core.datagen;

import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.DataType;
import dev.glasshouse.core.types.Field;
import dev.glasshouse.core.types.Schema;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Deterministic customers: {@code customer_id,name,segment}, one row per id in {@code 1..customers}, the range
 * {@link SalesDataGenerator} draws its {@code customer_id} from (100,000 ids), so every sale joins exactly one
 * customer. Customer {@code id}'s segment depends only on the seed and the id, drawn from
 * {@code new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + id)}: anyone can recompute the segment of a sale's
 * customer without reading the table. Segments are skewed (40 / 25 / 20 / 10 / 5 %).
 */
public final class CustomersDataGenerator {
    /** The customer ids sales rows refer to: {@code 1..SALES_CUSTOMERS}. */
    public static final int SALES_CUSTOMERS = 100_000;
    private static final String[] SEGMENTS = {"consumer", "small-business", "corporate", "enterprise", "public-sector"};
    /** Per cent of customers in each of SEGMENTS, summing to 100. */
    private static final int[] SEGMENT_WEIGHTS = {40, 25, 20, 10, 5};

    private final int customers;
    private final long seed;

    public CustomersDataGenerator(int customers, long seed) {
        if (customers < 1) throw new IllegalArgumentException("customers must be >= 1, got " + customers);
        this.customers = customers;
        this.seed = seed;
    }

    public static Schema schema() {
        return Schema.of(
                new Field("customer_id", DataType.LONG),
                new Field("name", DataType.STRING),
                new Field("segment", DataType.STRING));
    }

    /** The segment names, in the order of their weights (largest first). */
    public static String[] segments() {
        return SEGMENTS.clone();
    }

    public int customerCount() {
        return customers;
    }

    /** The segment of customer {@code customerId} (1-based), without building its row. */
    public String segment(long customerId) {
        int percent = new SplittableRandom(seed * 0xC2B2AE3D27D4EB4FL + customerId).nextInt(100);
        int cumulative = 0;
        for (int s = 0; s < SEGMENTS.length; s++) {
            cumulative += SEGMENT_WEIGHTS[s];
            if (percent < cumulative) return SEGMENTS[s];
        }
        throw new AssertionError("segment weights sum to " + cumulative + ", not 100");
    }

    /** The row of customer {@code customerId} (1-based). */
    public Row row(long customerId) {
        return new Row(customerId, String.format("customer-%06d", customerId), segment(customerId));
    }

    /** Every row, in customer_id order. */
    public Stream<Row> rows() {
        return LongStream.rangeClosed(1, customers).mapToObj(this::row);
    }

    /**
     * Writes the table as one CSV file, {@code part-00000.csv} with a header, under {@code prefix} (creating the
     * bucket if needed), replacing an earlier one. Returns the bytes written.
     */
    public long writeTo(ObjectStore store, S3Path prefix) {
        store.ensureBucket(prefix.bucket());
        S3Path target = prefix.child(SalesDataGenerator.fileName(0));
        return CsvUpload.upload(store, target, schema(), writer -> {
            for (long id = 1; id <= customers; id++) writer.write(row(id));
        });
    }
}
