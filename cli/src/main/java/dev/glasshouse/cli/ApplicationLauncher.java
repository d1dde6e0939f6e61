package dev.glasshouse.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Runs a user's application as the driver, as {@code spark-submit} does: its jar is loaded in a class loader of its
 * own (parent: the CLI's, so Glasshouse is there), which is the thread's context class loader while its
 * {@code public static void main(String[])} runs. The application's {@code GlasshouseSession} learns the cluster,
 * S3 and its jar from system properties, which Typesafe Config lays over every default, so the application needs no
 * Glasshouse settings of its own; the session then ships the jar to the executors.
 */
final class ApplicationLauncher {
    static final String JARS_KEY = "glasshouse.application.jars";

    /** A loaded application, ready to run; closing it closes its class loader. */
    static final class Application implements AutoCloseable {
        private final Path jar;
        private final URLClassLoader loader;
        private final Method main;

        private Application(Path jar, URLClassLoader loader, Method main) {
            this.jar = jar;
            this.loader = loader;
            this.main = main;
        }

        String mainClass() {
            return main.getDeclaringClass().getName();
        }

        @Override
        public void close() throws IOException {
            loader.close();
        }
    }

    private ApplicationLauncher() {
    }

    /**
     * Opens the jar and finds the main method.
     *
     * @param mainClass the class to run; null to take the jar manifest's {@code Main-Class}
     * @throws IllegalArgumentException naming the flag and the value when the jar or the class will not do
     */
    static Application load(Path jar, String mainClass) {
        Path path = jar.toAbsolutePath().normalize();
        if (!Files.exists(path)) throw new IllegalArgumentException("--jar " + jar + ": no such file");
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IllegalArgumentException("--jar " + jar + ": not a readable file");
        }
        if (path.toString().contains(",")) {
            // glasshouse.application.jars travels as a comma-separated system property.
            throw new IllegalArgumentException("--jar " + jar + ": the path must not contain a comma");
        }
        List<String> classes;
        String manifestMain;
        try (JarFile file = new JarFile(path.toFile())) {
            classes = file.stream().map(e -> e.getName())
                    .filter(name -> name.endsWith(".class") && !name.contains("$")
                            && !name.endsWith("module-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
            Manifest manifest = file.getManifest();
            manifestMain = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new IllegalArgumentException("--jar " + jar + ": not a jar file (" + e.getMessage() + ")", e);
        }
        String className = mainClass != null ? mainClass : manifestMain;
        if (className == null) {
            throw new IllegalArgumentException("--class is missing: name the class whose main runs as the driver"
                    + " (the jar's manifest has no Main-Class)" + candidates(classes));
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("application", new URL[] {path.toUri().toURL()},
                    ApplicationLauncher.class.getClassLoader());
        } catch (IOException e) {
            throw new IllegalArgumentException("--jar " + jar + ": " + e.getMessage(), e);
        }
        try {
            return new Application(path, loader, mainMethod(loader, className, jar, classes));
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static Method mainMethod(ClassLoader loader, String className, Path jar, List<String> classes) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--class " + className + ": no such class in " + jar
                    + candidates(classes));
        } catch (LinkageError e) {
            throw new IllegalArgumentException("--class " + className + ": cannot be loaded from " + jar + " ("
                    + e + ")", e);
        }
        Method main;
        try {
            main = type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            main = null;
        }
        if (main == null || !Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            throw new IllegalArgumentException("--class " + className + ": it has no public static void"
                    + " main(String[] args), so it cannot run as the driver");
        }
        // As with 'java', the class itself need not be public.
        main.setAccessible(true);
        return main;
    }

    /**
     * Runs the application's main with this process's Glasshouse settings laid over as system properties, and
     * puts everything back afterwards.
     *
     * @param settings Glasshouse keys for the application's session, e.g. {@code glasshouse.cluster.master}
     * @return 0 when main returns; 1 when it throws, after printing what it threw to {@code err}
     */
    static int run(Application application, List<String> args, Map<String, String> settings, PrintWriter err) {
        Map<String, String> properties = new LinkedHashMap<>(settings);
        String configured = System.getProperty(JARS_KEY);
        boolean more = configured != null && !configured.isBlank();
        properties.put(JARS_KEY, application.jar + (more ? "," + configured : ""));

        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        // Typesafe Config caches the system properties it has read: make the new ones visible.
        ConfigFactory.invalidateCaches();
        thread.setContextClassLoader(application.loader);
        try {
            application.main.invoke(null, (Object) args.toArray(String[]::new));
            return 0;
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            err.println("glasshouse submit: application " + application.mainClass() + " failed: " + thrown);
            thrown.printStackTrace(err);
            err.flush();
            return 1;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + application.mainClass() + ".main: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previousLoader);
            previous.forEach((key, value) -> {
                if (value == null) System.clearProperty(key);
                else System.setProperty(key, value);
            });
            ConfigFactory.invalidateCaches();
        }
    }

    /** A hint listing the jar's top-level classes, so a misspelt --class is easy to fix. */
    private static String candidates(List<String> classes) {
        if (classes.isEmpty()) return "; the jar holds no classes";
        int shown = Math.min(classes.size(), 10);
        return "; the jar's classes: " + String.join(", ", classes.subList(0, shown))
                + (classes.size() > shown ? ", ... (" + classes.size() + " in all)" : "");
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Nothing was loaded from it that anyone still uses.
        }
    }
}
