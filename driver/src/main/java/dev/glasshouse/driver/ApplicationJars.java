package dev.glasshouse.driver;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * The application's own jars ({@value #JARS}), shipped to the executors through S3: the driver uploads each to
 * {@code <jars-location><application-id>/<file name>} when the session starts, every task launch carries the S3
 * paths, and each executor downloads them once into a class loader of the application's own. The jar bytes never
 * travel through Akka.
 */
final class ApplicationJars {
    static final String JARS = "glasshouse.application.jars";
    static final String LOCATION = "glasshouse.application.jars-location";

    private ApplicationJars() {
    }

    /**
     * Checks the configured jars and uploads them.
     *
     * @return their S3 paths, in the configured order (a class in several jars is taken from the first)
     * @throws IllegalArgumentException naming the key and the path when a jar is missing, unreadable, not a jar,
     *                                  or has the file name of another
     */
    static List<String> upload(ObjectStore store, Config config, String applicationId) {
        List<Path> jars = localPaths(config);
        if (jars.isEmpty()) return List.of();
        Map<String, Path> byName = new HashMap<>();
        for (Path jar : jars) {
            check(jar);
            Path other = byName.putIfAbsent(jar.getFileName().toString(), jar);
            if (other != null) {
                throw new IllegalArgumentException(JARS + " lists two jars named '" + jar.getFileName() + "' ("
                        + other + " and " + jar + "): executors keep an application's jars in one folder, so rename"
                        + " one of them");
            }
        }
        S3Path location = parseLocation(config.getString(LOCATION));
        store.ensureBucket(location.bucket());
        List<String> uploaded = new ArrayList<>();
        for (Path jar : jars) {
            S3Path target = location.child(applicationId + "/" + jar.getFileName());
            store.upload(target, jar);
            uploaded.add(target.toString());
        }
        return List.copyOf(uploaded);
    }

    /** Deletes what {@link #upload} stored; the session calls it once its executors are released. */
    static void delete(ObjectStore store, List<String> uploaded) {
        if (uploaded.isEmpty()) return;
        store.deleteAll(uploaded.stream().map(S3Path::parse).toList());
    }

    /** A list, or one comma-separated string as {@code -Dglasshouse.application.jars=a.jar,b.jar} gives it. */
    static List<Path> localPaths(Config config) {
        if (!config.hasPath(JARS)) return List.of();
        List<String> values;
        if (config.getValue(JARS).valueType() == ConfigValueType.STRING) {
            values = List.of(config.getString(JARS).split(","));
        } else {
            values = config.getStringList(JARS);
        }
        return values.stream().map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> Path.of(v).toAbsolutePath().normalize()).toList();
    }

    private static void check(Path jar) {
        if (!Files.exists(jar)) {
            throw new IllegalArgumentException(JARS + " lists " + jar + ", which does not exist");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new IllegalArgumentException(JARS + " lists " + jar + ", which is not a readable file");
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            // Opening reads the central directory: enough to know it is a jar (a zip file).
        } catch (IOException e) {
            throw new IllegalArgumentException(JARS + " lists " + jar + ", which is not a jar file (" + e.getMessage()
                    + ")", e);
        }
    }

    private static S3Path parseLocation(String location) {
        try {
            return S3Path.parse(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(LOCATION + ": " + e.getMessage(), e);
        }
    }
}
