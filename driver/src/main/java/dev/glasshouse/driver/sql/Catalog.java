package dev.glasshouse.driver.sql;

import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.analysis.AnalysisException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tables SQL can name: temporary views registered with {@code df.createOrReplaceTempView(name)}, and files
 * named the Spark way, {@code csv.`s3://raw/sales/`}, {@code json.`...`} or {@code parquet.`...`}. View names are
 * case-insensitive, as in Spark.
 *
 * <p>A view holds the DataFrame itself (its lazy plan), not data: a query over a view plans the view's whole
 * lineage again.
 */
public final class Catalog {
    private final Map<String, Registered> views = new ConcurrentHashMap<>();
    private final FileReader fileReader;

    private record Registered(String name, DataFrame frame) {
    }

    /** The formats a file can be named with in SQL, as in {@code parquet.`s3://raw/sales/`}. */
    public static final List<String> FILE_FORMATS = List.of("csv", "json", "parquet");

    /** Reads the files under a path in one of {@link #FILE_FORMATS}; CSV with a header line and inferred types. */
    @FunctionalInterface
    public interface FileReader {
        DataFrame read(String format, String path);
    }

    public Catalog(FileReader fileReader) {
        this.fileReader = fileReader;
    }

    public void createOrReplaceTempView(String name, DataFrame frame) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("view name '" + name + "' must be letters, digits and underscores, "
                    + "starting with a letter or underscore, so SQL can name it without quotes");
        }
        views.put(key(name), new Registered(name, frame));
    }

    /** Removes a view; true when there was one. */
    public boolean dropTempView(String name) {
        return views.remove(key(name)) != null;
    }

    /** Registered view names, sorted, as they were registered. */
    public List<String> viewNames() {
        List<String> names = new ArrayList<>();
        views.values().forEach(v -> names.add(v.name()));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return names;
    }

    DataFrame view(String name) {
        Registered view = views.get(key(name));
        if (view == null) {
            List<String> names = viewNames();
            throw new AnalysisException("table or view '" + name + "' not found. "
                    + (names.isEmpty() ? "No views are registered: register one with df.createOrReplaceTempView(\""
                    + name + "\"), or read files with csv.`s3://bucket/path/` (or json., parquet.)"
                    : "Registered views: " + String.join(", ", names)));
        }
        return view.frame();
    }

    /** @param format one of {@link #FILE_FORMATS}, lower case */
    DataFrame file(String format, String path) {
        return fileReader.read(format, path);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
