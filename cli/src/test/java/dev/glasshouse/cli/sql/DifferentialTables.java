package dev.glasshouse.cli.sql;

import dev.glasshouse.core.datagen.SalesDataGenerator;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tables of the DuckDB differential test. Each is CSV files with a header, uploaded to S3 for Glasshouse and
 * kept as the very same bytes in a local folder for DuckDB, so both engines read identical input.
 */
final class DifferentialTables {
    /** A table: its name, its S3 prefix, and the local copies of its files. */
    record Table(String name, String s3Prefix, List<Path> localFiles) {
    }

    private final ObjectStore store;
    private final Path localDir;
    final List<Table> tables = new ArrayList<>();

    DifferentialTables(ObjectStore store, Path localDir) {
        this.store = store;
        this.localDir = localDir;
    }

    void createAll() throws IOException {
        sales();
        customers();
        nullable();
        skewed();
        events();
        unicode();
    }

    /** Generated sales (order_id, customer_id, country, product, amount, ts), 6,000 rows in 3 files. */
    private void sales() throws IOException {
        S3Path prefix = S3Path.parse("s3://diff/sales/");
        SalesDataGenerator generator = new SalesDataGenerator(6_000, 3, 11);
        generator.writeTo(store, prefix);
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < generator.fileCount(); f++) {
            Path local = localDir.resolve("sales-" + f + ".csv");
            try (InputStream in = store.open(prefix.child(SalesDataGenerator.fileName(f)))) {
                Files.copy(in, local);
            }
            files.add(local);
        }
        tables.add(new Table("sales", prefix.toString(), files));
    }

    /** Customers 1..3000: sales name customer ids up to 100,000, so most sales have no customer (anti joins). */
    private void customers() throws IOException {
        String[] segments = {"retail", "business", "enterprise"};
        String[] countries = {"US", "IN", "DE", "BR", "FR"};
        StringBuilder csv = new StringBuilder("customer_id,name,country,segment\n");
        SplittableRandom random = new SplittableRandom(5);
        for (int id = 1; id <= 3000; id++) {
            // every third customer id is a multiple of 33 so that some sales (customer_id up to 100,000) match
            long customerId = id % 3 == 0 ? id * 33L : id;
            csv.append(customerId).append(",customer ").append(id).append(',')
                    .append(countries[random.nextInt(countries.length)]).append(',')
                    .append(segments[random.nextInt(segments.length)]).append('\n');
        }
        write("customers", List.of(csv.toString()));
    }

    /** Nulls in every column but the id: id int, grp string, val int, score double, flag boolean. */
    private void nullable() throws IOException {
        StringBuilder csv = new StringBuilder("id,grp,val,score,flag\n");
        SplittableRandom random = new SplittableRandom(9);
        String[] groups = {"a", "b", "c"};
        for (int id = 1; id <= 400; id++) {
            csv.append(id).append(',')
                    .append(random.nextInt(5) == 0 ? "" : groups[random.nextInt(groups.length)]).append(',')
                    .append(random.nextInt(4) == 0 ? "" : Integer.toString(random.nextInt(-50, 100))).append(',')
                    .append(random.nextInt(6) == 0 ? "" : Double.toString(random.nextInt(0, 10_000) / 100.0)).append(',')
                    .append(random.nextInt(5) == 0 ? "" : Boolean.toString(random.nextBoolean())).append('\n');
        }
        write("nullable", List.of(csv.toString()));
    }

    /** One key holds 90 % of the rows: k int, v long. */
    private void skewed() throws IOException {
        List<String> files = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(13);
        for (int f = 0; f < 2; f++) {
            StringBuilder csv = new StringBuilder("k,v\n");
            for (int i = 0; i < 2000; i++) {
                int key = random.nextInt(10) == 0 ? random.nextInt(1, 50) : 0;
                csv.append(key).append(',').append(random.nextLong(1, 1_000_000_000L)).append('\n');
            }
            files.add(csv.toString());
        }
        write("skewed", files);
    }

    /** Three files of which the second and third hold only the header: kind string, v int. */
    private void events() throws IOException {
        StringBuilder csv = new StringBuilder("kind,v\n");
        for (int i = 0; i < 50; i++) csv.append(i % 3 == 0 ? "click" : "view").append(',').append(i).append('\n');
        write("events", List.of(csv.toString(), "kind,v\n", "kind,v\n"));
    }

    /** Names and cities beyond ASCII, and a quoted field holding a comma: id int, name string, city string. */
    private void unicode() throws IOException {
        String[][] people = {
            {"1", "Zoë", "Łódź"}, {"2", "José", "São Paulo"}, {"3", "Søren", "København"},
            {"4", "李雷", "東京"}, {"5", "Ängel", "Łódź"}, {"6", "😀 smile", "Zürich"},
            {"7", "\"Smith, Jr.\"", "Reykjavík"}, {"8", "Ólafur", "Reykjavík"}, {"9", "Ñandú", "São Paulo"},
            {"10", "naïve", "東京"}};
        StringBuilder csv = new StringBuilder("id,name,city\n");
        for (String[] p : people) csv.append(String.join(",", p)).append('\n');
        write("unicode_names", List.of(csv.toString()));
    }

    private void write(String name, List<String> fileContents) throws IOException {
        S3Path prefix = S3Path.parse("s3://diff/" + name + "/");
        store.ensureBucket(prefix.bucket());
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < fileContents.size(); f++) {
            byte[] bytes = fileContents.get(f).getBytes(StandardCharsets.UTF_8);
            store.put(prefix.child(SalesDataGenerator.fileName(f)), bytes);
            Path local = localDir.resolve(name + "-" + f + ".csv");
            Files.write(local, bytes);
            files.add(local);
        }
        tables.add(new Table(name, prefix.toString(), files));
    }
}
