package dev.glasshouse.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.core.datagen.CustomersDataGenerator;
import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.s3.ObjectInfo;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The benchmark's input in S3: {@code s3://bench/sales-<rows>/} and {@code s3://bench/customers/}, generated once
 * and reused while they are what a run asks for. Beside each data set lies a marker object,
 * {@value #MARKER} (a name starting with '_', so readers skip it), written last, holding the generation
 * parameters, the size of every file, and for sales the reference answers computed while generating. A data set
 * is reused only when its marker matches the parameters and the files listed match the marker.
 */
final class BenchData {
    static final long SEED = 42;
    static final String MARKER = "_glasshouse-bench.json";
    /** Bump when a generator's output or the reference answers change: older data sets are then regenerated. */
    static final int FORMAT = 1;
    /** About 15 MB of CSV per file, as the 10M set's 32 files. */
    static final long ROWS_PER_FILE = 312_500;
    static final String CUSTOMERS_PATH = "s3://bench/customers/";

    /** A ready data set: where it is, what it holds, and (for sales) the expected answers. */
    record DataSet(String path, long rows, int files, long bytes, boolean reused, double secondsToPrepare,
                   Map<BenchJob, Answer> expected) {
    }

    private final ObjectStore store;
    private final ObjectMapper mapper = new ObjectMapper();

    BenchData(ObjectStore store) {
        this.store = store;
    }

    static String salesPath(long rows) {
        return "s3://bench/sales-" + RowCount.shortName(rows) + "/";
    }

    /** Files of a sales data set: two at least, so both executors get work, then one per ~312,500 rows. */
    static int filesFor(long rows) {
        return (int) Math.max(2, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
    }

    DataSet customers() {
        long started = System.nanoTime();
        S3Path prefix = S3Path.parse(CUSTOMERS_PATH);
        ObjectNode wanted = parameters("customers", CustomersDataGenerator.SALES_CUSTOMERS, 1);
        JsonNode marker = reusableMarker(prefix, wanted);
        if (marker != null) {
            return new DataSet(CUSTOMERS_PATH, CustomersDataGenerator.SALES_CUSTOMERS, 1, totalBytes(marker), true,
                    seconds(started), Map.of());
        }
        long bytes = new CustomersDataGenerator(CustomersDataGenerator.SALES_CUSTOMERS, SEED).writeTo(store, prefix);
        writeMarker(prefix, wanted, Map.of());
        return new DataSet(CUSTOMERS_PATH, CustomersDataGenerator.SALES_CUSTOMERS, 1, bytes, false, seconds(started),
                Map.of());
    }

    DataSet sales(long rows) {
        long started = System.nanoTime();
        String path = salesPath(rows);
        S3Path prefix = S3Path.parse(path);
        int files = filesFor(rows);
        ObjectNode wanted = parameters("sales", rows, files);
        JsonNode marker = reusableMarker(prefix, wanted);
        if (marker != null) {
            return new DataSet(path, rows, files, totalBytes(marker), true, seconds(started), expected(marker));
        }
        ReferenceAnswers reference = new ReferenceAnswers(
                new CustomersDataGenerator(CustomersDataGenerator.SALES_CUSTOMERS, SEED));
        long bytes = new SalesDataGenerator(rows, files, SEED).writeTo(store, prefix, reference);
        Map<BenchJob, Answer> expected = reference.answers();
        writeMarker(prefix, wanted, expected);
        return new DataSet(path, rows, files, bytes, false, seconds(started), expected);
    }

    private ObjectNode parameters(String kind, long rows, int files) {
        ObjectNode node = mapper.createObjectNode();
        node.put("format", FORMAT);
        node.put("kind", kind);
        node.put("rows", rows);
        node.put("files", files);
        node.put("seed", SEED);
        return node;
    }

    /** The marker of the data set under {@code prefix} when it has exactly the wanted parameters and files. */
    private JsonNode reusableMarker(S3Path prefix, ObjectNode wanted) {
        S3Path markerPath = prefix.child(MARKER);
        if (!store.exists(markerPath)) return null;
        JsonNode marker;
        try (InputStream in = store.open(markerPath)) {
            marker = mapper.readTree(in);
        } catch (IOException e) {
            return null;
        }
        // Compared as text: a number read back from JSON is an int node where the one built here is a long node.
        if (!wanted.toString().equals(marker.path("parameters").toString())) return null;
        SortedMap<String, Long> listed = dataFiles(prefix);
        SortedMap<String, Long> recorded = new TreeMap<>();
        marker.path("objects").fields().forEachRemaining(e -> recorded.put(e.getKey(), e.getValue().asLong()));
        return listed.equals(recorded) ? marker : null;
    }

    private void writeMarker(S3Path prefix, ObjectNode parameters, Map<BenchJob, Answer> expected) {
        ObjectNode marker = mapper.createObjectNode();
        marker.set("parameters", parameters);
        ObjectNode objects = marker.putObject("objects");
        dataFiles(prefix).forEach(objects::put);
        ObjectNode answers = marker.putObject("expected");
        expected.forEach((job, answer) -> {
            ObjectNode values = answers.putObject(job.label());
            answer.values().forEach(values::put);
        });
        try {
            store.put(prefix.child(MARKER), mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(marker));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data set marker under " + prefix, e);
        }
    }

    /** The objects under the prefix other than the marker: name → size. */
    private SortedMap<String, Long> dataFiles(S3Path prefix) {
        SortedMap<String, Long> files = new TreeMap<>();
        for (ObjectInfo info : store.list(prefix)) {
            String name = info.path().key().substring(prefix.keyAsPrefix().length());
            if (!name.equals(MARKER)) files.put(name, info.size());
        }
        return files;
    }

    private static long totalBytes(JsonNode marker) {
        long total = 0;
        for (Iterator<JsonNode> sizes = marker.path("objects").elements(); sizes.hasNext(); ) total += sizes.next().asLong();
        return total;
    }

    private static Map<BenchJob, Answer> expected(JsonNode marker) {
        Map<BenchJob, Answer> expected = new EnumMap<>(BenchJob.class);
        marker.path("expected").fields().forEachRemaining(job -> {
            SortedMap<String, String> values = new TreeMap<>();
            job.getValue().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            expected.put(BenchJob.parse(job.getKey()), new Answer(values));
        });
        return expected;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
