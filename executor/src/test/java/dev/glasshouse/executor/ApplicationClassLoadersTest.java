package dev.glasshouse.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.glasshouse.core.exec.TestJars;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.TestS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The executor's per-application class loaders, with jars built in the test and shipped through a real S3 server. */
class ApplicationClassLoadersTest {
    private static final String V1 = "s3://glasshouse-apps/app-1/app.jar";
    private static final String V2 = "s3://glasshouse-apps/app-2/app.jar";

    @RegisterExtension
    static final TestS3 s3 = new TestS3();
    @TempDir
    static Path jars;
    @TempDir
    Path workDir;

    private final AtomicInteger downloads = new AtomicInteger();
    private ApplicationClassLoaders loaders;

    @BeforeAll
    static void shipTwoVersionsOfOneClass() throws Exception {
        s3.store().ensureBucket("glasshouse-apps");
        for (String version : List.of("v1", "v2")) {
            Path jar = TestJars.compile(jars.resolve(version + ".jar"),
                    Map.of("com.example.Greeting", greeting(version)));
            s3.store().upload(S3Path.parse(version.equals("v1") ? V1 : V2), jar);
        }
    }

    private static String greeting(String version) {
        return """
                package com.example;

                public class Greeting {
                    public static String version() {
                        return "%s";
                    }
                }
                """.formatted(version);
    }

    @BeforeEach
    void createLoaders() {
        ApplicationClassLoaders.JarDownloader fromS3 = ApplicationClassLoaders.fromS3(s3.store());
        loaders = new ApplicationClassLoaders(workDir.resolve("jars"), getClass().getClassLoader(), (jar, target) -> {
            downloads.incrementAndGet();
            fromS3.download(jar, target);
        });
    }

    @Test
    void concurrentFirstTasksShareOneDownloadAndOneLoader() throws Exception {
        int slots = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(slots);
        try {
            List<Future<ClassLoader>> results = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                results.add(pool.submit((Callable<ClassLoader>) () -> {
                    start.await();
                    return loaders.loaderFor("app-1", List.of(V1));
                }));
            }
            start.countDown();
            Set<ClassLoader> seen = results.stream().map(ApplicationClassLoadersTest::get).collect(Collectors.toSet());

            assertThat(seen).hasSize(1);
            assertThat(downloads.get()).isEqualTo(1);
            assertThat(version(seen.iterator().next())).isEqualTo("v1");
            assertThat(loaders.directory("app-1").resolve("app.jar")).isRegularFile();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoApplicationsWithDifferentVersionsOfAClassEachSeeTheirOwn() throws Exception {
        ClassLoader first = loaders.loaderFor("app-1", List.of(V1));
        ClassLoader second = loaders.loaderFor("app-2", List.of(V2));

        assertThat(version(first)).isEqualTo("v1");
        assertThat(version(second)).isEqualTo("v2");
        assertThat(first.loadClass("com.example.Greeting")).isNotSameAs(second.loadClass("com.example.Greeting"));
        // Neither leaks into the executor's own loader.
        assertThatThrownBy(() -> getClass().getClassLoader().loadClass("com.example.Greeting"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void anApplicationWithoutJarsRunsWithTheExecutorsLoader() throws Exception {
        assertThat(loaders.loaderFor("app-3", List.of())).isSameAs(getClass().getClassLoader());
        assertThat(downloads.get()).isZero();
    }

    @Test
    void releasingClosesTheLoaderDeletesTheJarsAndRefusesLateTasks() throws Exception {
        ClassLoader loader = loaders.loaderFor("app-1", List.of(V1));
        loaders.loaderFor("app-2", List.of(V2));

        loaders.release("app-1");

        assertThat(loaders.directory("app-1")).doesNotExist();
        // Closed: it loads no class it had not loaded before.
        assertThatThrownBy(() -> loader.loadClass("com.example.Greeting")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loaders.loaderFor("app-1", List.of(V1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("application app-1 has ended");
        assertThat(downloads.get()).isEqualTo(2);
        // The other application is untouched.
        assertThat(version(loaders.loaderFor("app-2", List.of(V2)))).isEqualTo("v2");

        loaders.close();
        assertThat(loaders.directory("app-2")).doesNotExist();
    }

    @Test
    void aFailedDownloadNamesTheJarLeavesNothingAndTheNextTaskTriesAgain() throws Exception {
        String missing = "s3://glasshouse-apps/app-4/later.jar";

        assertThatThrownBy(() -> loaders.loaderFor("app-4", List.of(V1, missing)))
                .hasMessageContaining("could not download " + missing + ", a jar of application app-4");
        assertThat(loaders.directory("app-4")).doesNotExist();

        s3.store().upload(S3Path.parse(missing), jars.resolve("v2.jar"));
        ClassLoader loader = loaders.loaderFor("app-4", List.of(V1, missing));
        assertThat(version(loader)).isEqualTo("v1"); // the first jar listed wins, as on a class path
        try (Stream<Path> files = Files.list(loaders.directory("app-4"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app.jar", "later.jar");
        }
    }

    @Test
    void aMissingClassIsExplainedWithTheApplicationAndItsJars() {
        Throwable failure = new IllegalStateException("the function given to map cannot be loaded",
                new ClassNotFoundException("com.example.Main"));

        assertThat(ApplicationClassLoaders.missingClassHint(failure, "exec-1", "app-1", List.of(V1))).isEqualTo(
                "class com.example.Main is neither on executor exec-1's class path nor in the jars of application"
                        + " app-1 (shipped: " + V1 + "): pass the jar that holds it with 'glasshouse submit --jar'"
                        + " (or list it in glasshouse.application.jars)");
        assertThat(ApplicationClassLoaders.missingClassHint(new NoClassDefFoundError("com/example/Helper"), "exec-1",
                "app-2", List.of())).startsWith("class com.example.Helper is neither").contains("(it shipped none)");
        assertThat(ApplicationClassLoaders.missingClassHint(new IllegalStateException("boom"), "exec-1", "app-1",
                List.of())).isNull();
    }

    private static String version(ClassLoader loader) throws Exception {
        return (String) loader.loadClass("com.example.Greeting").getMethod("version").invoke(null);
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
