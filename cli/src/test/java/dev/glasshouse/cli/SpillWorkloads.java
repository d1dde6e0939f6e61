package dev.glasshouse.cli;

import static dev.glasshouse.driver.functions.col;
import static dev.glasshouse.driver.functions.count;
import static dev.glasshouse.driver.functions.sum;

import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.scheduler.JobResult;
import dev.glasshouse.driver.scheduler.StageSummary;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The three workloads of the memory requirement: a groupBy over millions of distinct keys, a global orderBy, and
 * a shuffled join of two big tables. Inputs are CSV generated into S3 from formulas; each output is written to S3
 * and checked by streaming it back against the same formulas, so nothing big is held in this JVM and the check
 * does not trust the engine. {@code SpillEndToEndTest} runs them small on tiny executors; {@link #main} runs them
 * at full size against a running cluster (docs/memory.md has the command and the figures).
 */
final class SpillWorkloads {
    static final Schema GROUP_INPUT = Schema.parseDdl("key long, amount long");
    static final Schema SORT_INPUT = Schema.parseDdl("id long, score long, label string");
    static final Schema ORDERS = Schema.parseDdl("order_id long, customer_id long, amount long");
    static final Schema CUSTOMERS = Schema.parseDdl("customer_id long, name string, segment string");
    private static final String[] SEGMENTS = {"retail", "wholesale", "online", "partner"};
    /** A prime sharing no factor with the key counts used (2s and 5s), so i → i·M mod K permutes the keys. */
    private static final long KEY_MULTIPLIER = 1_000_003L;

    /**
     * @param groupKeys    distinct keys of the groupBy; each appears {@code rowsPerKey} times
     * @param sortRows     rows of the orderBy
     * @param joinRows     rows of each join side
     * @param files        CSV files per input
     */
    record Scale(int groupKeys, int rowsPerKey, int sortRows, int joinRows, int files) {
        static final Scale FULL = new Scale(5_000_000, 2, 10_000_000, 5_000_000, 8);
    }

    /** What one workload did: wall time, spilled bytes over its jobs, and rows checked in its output. */
    record Outcome(String workload, long millis, long spillBytes, long outputRows) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s %,8d ms  spilled %,15d bytes  %,11d rows checked", workload,
                    millis, spillBytes, outputRows);
        }
    }

    private final GlasshouseSession session;
    private final ObjectStore store;
    private final String root;
    private final Scale scale;

    SpillWorkloads(GlasshouseSession session, ObjectStore store, String bucket, Scale scale) {
        this.session = session;
        this.store = store;
        this.root = "s3://" + bucket + "/";
        this.scale = scale;
        store.ensureBucket(bucket);
    }

    // ---- formulas: the inputs, and what the outputs must hold -------------------------------------------------

    private long groupRows() {
        return (long) scale.groupKeys() * scale.rowsPerKey();
    }

    private long keyOf(long row) {
        return (row % scale.groupKeys()) * KEY_MULTIPLIER % scale.groupKeys();
    }

    private static long amountOf(long row) {
        return row * 37 % 1000;
    }

    /** A pseudo-random score per id (MurmurHash3's 64-bit finaliser), 0 to 2^30 - 1, with ties. */
    private static long scoreOf(long id) {
        return mix(id) >>> 34;
    }

    /** The customer of an order: one in a hundred points past the last customer and matches nothing. */
    private long customerOf(long orderId) {
        return Long.remainderUnsigned(mix(orderId ^ 0x5DEECE66DL), scale.joinRows() + scale.joinRows() / 100);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    // ---- inputs ---------------------------------------------------------------------------------------------

    void writeInputs() throws IOException {
        writeCsv("group", groupRows(), row -> keyOf(row) + "," + amountOf(row));
        writeCsv("sort", scale.sortRows(), id -> id + "," + scoreOf(id) + ",row-" + id);
        writeCsv("orders", scale.joinRows(), id -> id + "," + customerOf(id) + "," + id % 500);
        writeCsv("customers", scale.joinRows(), id -> id + ",customer-" + id + "," + SEGMENTS[(int) (id % 4)]);
    }

    /** {@code rows} lines split over {@code scale.files()} files under {@code root/input/name/}. */
    private void writeCsv(String name, long rows, LongFunction<String> line) throws IOException {
        long perFile = (rows + scale.files() - 1) / scale.files();
        for (int f = 0; f < scale.files(); f++) {
            Path local = Files.createTempFile("glasshouse-workload-", ".csv");
            try {
                try (BufferedWriter out = Files.newBufferedWriter(local, StandardCharsets.UTF_8)) {
                    for (long row = f * perFile; row < Math.min(rows, (f + 1) * perFile); row++) {
                        out.write(line.apply(row));
                        out.write('\n');
                    }
                }
                store.upload(S3Path.parse(root + "input/" + name + "/part-" + f + ".csv"), local);
            } finally {
                Files.deleteIfExists(local);
            }
        }
    }

    private DataFrame read(String name, Schema schema) {
        return session.read().schema(schema).csv(root + "input/" + name + "/");
    }

    // ---- workloads ------------------------------------------------------------------------------------------

    /** groupBy(key).agg(count, sum(amount)): every key once, with the count and sum its rows give. */
    Outcome groupBy() throws IOException {
        int jobsBefore = session.completedJobs().size();
        long started = System.nanoTime();
        read("group", GROUP_INPUT).groupBy("key").agg(count("*").as("n"), sum("amount").as("total"))
                .write().mode("overwrite").csv(root + "output/group/");
        long millis = elapsedMillis(started);

        int keys = scale.groupKeys();
        long[] expectedTotals = new long[keys];
        for (long row = 0; row < groupRows(); row++) expectedTotals[(int) keyOf(row)] += amountOf(row);
        BitSet seen = new BitSet(keys);
        long rows = forEachOutputLine("group", fields -> {
            int key = (int) Long.parseLong(fields[0]);
            check(!seen.get(key), "group: key " + key + " appears twice");
            seen.set(key);
            check(Long.parseLong(fields[1]) == scale.rowsPerKey(), "group: key " + key + " counts " + fields[1]
                    + " rows, expected " + scale.rowsPerKey());
            check(Long.parseLong(fields[2]) == expectedTotals[key], "group: key " + key + " sums to " + fields[2]
                    + ", expected " + expectedTotals[key]);
        });
        check(rows == keys && seen.cardinality() == keys, "group: " + rows + " rows for " + keys + " keys");
        return new Outcome("groupBy", millis, spilledSince(jobsBefore), rows);
    }

    /** orderBy(score): part files in order hold every row once, scores never decreasing. */
    Outcome orderBy() throws IOException {
        int jobsBefore = session.completedJobs().size();
        long started = System.nanoTime();
        read("sort", SORT_INPUT).orderBy("score").write().mode("overwrite").csv(root + "output/sort/");
        long millis = elapsedMillis(started);

        BitSet seen = new BitSet(scale.sortRows());
        long[] previous = {Long.MIN_VALUE};
        long rows = forEachOutputLine("sort", fields -> {
            long id = Long.parseLong(fields[0]);
            long score = Long.parseLong(fields[1]);
            check(score == scoreOf(id) && fields[2].equals("row-" + id), "sort: row " + String.join(",", fields)
                    + " is not an input row");
            check(score >= previous[0], "sort: score " + score + " of id " + id + " after " + previous[0]);
            check(!seen.get((int) id), "sort: id " + id + " appears twice");
            previous[0] = score;
            seen.set((int) id);
        });
        check(rows == scale.sortRows(), "sort: " + rows + " rows, expected " + scale.sortRows());
        return new Outcome("orderBy", millis, spilledSince(jobsBefore), rows);
    }

    /** orders ⋈ customers on customer_id: each order with a customer exactly once, with that customer's name. */
    Outcome join() throws IOException {
        int jobsBefore = session.completedJobs().size();
        long started = System.nanoTime();
        read("orders", ORDERS).join(read("customers", CUSTOMERS), "customer_id")
                .select(col("order_id"), col("customer_id"), col("amount"), col("name"))
                .write().mode("overwrite").csv(root + "output/join/");
        long millis = elapsedMillis(started);

        long expectedRows = 0;
        for (long id = 0; id < scale.joinRows(); id++) {
            if (customerOf(id) < scale.joinRows()) expectedRows++;
        }
        BitSet seen = new BitSet(scale.joinRows());
        long rows = forEachOutputLine("join", fields -> {
            long orderId = Long.parseLong(fields[0]);
            long customer = Long.parseLong(fields[1]);
            check(customer == customerOf(orderId) && customer < scale.joinRows()
                            && Long.parseLong(fields[2]) == orderId % 500 && fields[3].equals("customer-" + customer),
                    "join: row " + String.join(",", fields) + " is not a matching pair");
            check(!seen.get((int) orderId), "join: order " + orderId + " appears twice");
            seen.set((int) orderId);
        });
        check(rows == expectedRows, "join: " + rows + " rows, expected " + expectedRows);
        return new Outcome("join", millis, spilledSince(jobsBefore), rows);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private interface LineCheck {
        void accept(String[] fields);
    }

    /** Streams the output's part files in name order (= partition order), line by line; returns the line count. */
    private long forEachOutputLine(String name, LineCheck check) throws IOException {
        List<ObjectInfo> parts = store.list(S3Path.parse(root + "output/" + name + "/")).stream()
                .filter(o -> o.path().key().contains("/part-"))
                .sorted(java.util.Comparator.comparing(o -> o.path().key())).toList();
        long lines = 0;
        for (ObjectInfo part : parts) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(store.open(part.path()),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                while ((line = in.readLine()) != null) {
                    check.accept(line.split(",", -1));
                    lines++;
                }
            }
        }
        return lines;
    }

    private long spilledSince(int jobsBefore) {
        List<JobResult> jobs = session.completedJobs();
        long spilled = 0;
        for (JobResult job : jobs.subList(jobsBefore, jobs.size())) {
            for (StageSummary stage : job.stages()) spilled += stage.metrics().spillBytes();
        }
        return spilled;
    }

    private static void check(boolean condition, String failure) {
        if (!condition) throw new IllegalStateException("wrong answer: " + failure);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /**
     * Runs the workloads against a running cluster, e.g. {@code glasshouse local --executors 2 --cores 1 --memory
     * 512m}: {@code --master HOST:PORT --s3-endpoint URL [--divide-by N] [--skip-inputs]
     * [--only groupBy|orderBy|join]}.
     * Prints one line per workload; exits with 1 on a wrong answer.
     */
    public static void main(String[] args) throws Exception {
        String master = null;
        String endpoint = null;
        int divideBy = 1;
        boolean skipInputs = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--master" -> master = args[++i];
                case "--s3-endpoint" -> endpoint = args[++i];
                case "--divide-by" -> divideBy = Integer.parseInt(args[++i]);
                case "--skip-inputs" -> skipInputs = true;
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; expected --master,"
                        + " --s3-endpoint, --divide-by, --skip-inputs or --only");
            }
        }
        if (master == null || endpoint == null) {
            throw new IllegalArgumentException("--master HOST:PORT and --s3-endpoint URL are required");
        }
        Scale full = Scale.FULL;
        Scale scale = new Scale(full.groupKeys() / divideBy, full.rowsPerKey(), full.sortRows() / divideBy,
                full.joinRows() / divideBy, full.files());
        try (GlasshouseSession session = GlasshouseSession.builder().master(master)
                .config("glasshouse.s3.endpoint", endpoint).getOrCreate()) {
            SpillWorkloads workloads = new SpillWorkloads(session, session.objectStore(), "spill-workloads", scale);
            if (!skipInputs) {
                long started = System.nanoTime();
                workloads.writeInputs();
                System.out.println("inputs written in " + elapsedMillis(started) + " ms: " + scale);
            }
            try {
                if (only == null || only.equals("groupBy")) System.out.println(workloads.groupBy());
                if (only == null || only.equals("orderBy")) System.out.println(workloads.orderBy());
                if (only == null || only.equals("join")) System.out.println(workloads.join());
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
        }
        System.exit(0);
    }
}
