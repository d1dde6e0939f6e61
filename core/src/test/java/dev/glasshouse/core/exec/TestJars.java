package dev.glasshouse.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds application jars inside a test, for tests in any module (the core test-jar): Java sources compiled with
 * the JDK's compiler against this JVM's class path, packed with {@code java.util.jar}. Their classes exist only in
 * the jar, never on the class path of this JVM or of the executors it starts, which is what code-shipping tests
 * need.
 */
public final class TestJars {
    private TestJars() {
    }

    /**
     * Compiles {@code sources} and writes their classes to {@code jar}.
     *
     * @param sources the source text of each top-level class, by fully qualified class name
     * @return {@code jar}
     * @throws IllegalStateException with the compiler's messages when a source does not compile
     */
    public static Path compile(Path jar, Map<String, String> sources) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) throw new IllegalStateException("no Java compiler: tests must run on a JDK, not a JRE");
        Path work = Files.createTempDirectory("glasshouse-test-jar-");
        try {
            Path sourceDir = Files.createDirectories(work.resolve("src"));
            Path classDir = Files.createDirectories(work.resolve("classes"));
            List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none",
                    "-classpath", System.getProperty("java.class.path"), "-d", classDir.toString()));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceDir.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                arguments.add(file.toString());
            }
            ByteArrayOutputStream messages = new ByteArrayOutputStream();
            int exit = compiler.run(null, messages, messages, arguments.toArray(String[]::new));
            if (exit != 0) {
                throw new IllegalStateException("the test application does not compile:\n"
                        + messages.toString(StandardCharsets.UTF_8));
            }
            writeJar(classDir, jar);
            return jar;
        } finally {
            deleteRecursively(work);
        }
    }

    private static void writeJar(Path classDir, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classDir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classDir.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
