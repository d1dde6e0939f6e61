package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.glasshouse.cli.local.LocalClusterProcess;
import dev.glasshouse.core.exec.TestJars;
import dev.glasshouse.core.io.FileTrees;
import dev.glasshouse.core.row.Row;
import dev.glasshouse.core.s3.ObjectStore;
import dev.glasshouse.core.s3.S3Path;
import dev.glasshouse.core.s3.S3Settings;
import dev.glasshouse.driver.DataFrame;
import dev.glasshouse.driver.GlasshouseSession;
import dev.glasshouse.driver.JobFailedException;
import dev.glasshouse.driver.function.MapFunction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * Applications that bring their own code, on a real local cluster (two executor JVMs, the embedded S3 server):
 * jars compiled in the test, whose classes are on no class path of the cluster, submitted with
 * {@code glasshouse submit --jar} (this JVM is the driver). Their lambdas must run on the executors, and two
 * versions of one class must not collide on the same executors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationJarEndToEndTest {
    private static final String INPUT = "s3://raw/numbers/";
    private static final int NUMBERS = 200;
    /** Four scan tasks per job: with both executors granted at once, every application uses both. */
    private static final int FILES = 4;

    private Path dir;
    private LocalClusterProcess cluster;
    private ObjectStore store;
    private Path v1;
    private Path v2;

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("glasshouse-jars-");
        // Same file name in both versions: nothing on an executor may be keyed by the jar's name alone.
        v1 = TestJars.compile(dir.resolve("v1/app.jar"), application("v1"));
        v2 = TestJars.compile(dir.resolve("v2/app.jar"), application("v2"));
        cluster = LocalClusterProcess.start(2, 1, 512, dir, dir.resolve("cluster.log"), 120);
        store = new ObjectStore(S3Settings.fromConfig(config()));
        store.ensureBucket("raw");
        for (int file = 0; file < FILES; file++) {
            StringBuilder csv = new StringBuilder("n\n");
            for (int n = file + 1; n <= NUMBERS; n += FILES) csv.append(n).append('\n');
            store.put(S3Path.parse(INPUT + "part-" + file + ".csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (store != null) store.close();
        if (cluster != null) cluster.close();
        if (dir != null) FileTrees.deleteRecursively(dir);
    }

    /**
     * The application: squares each number in a lambda on the executors, with a helper class of its own whose
     * answer carries the version, and records the pid of the process that ran it.
     */
    private static Map<String, String> application(String version) {
        return Map.of("com.example.Main", """
                package com.example;

                import dev.glasshouse.core.row.Row;
                import dev.glasshouse.driver.GlasshouseSession;
                import dev.glasshouse.driver.function.MapFunction;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.util.ArrayList;
                import java.util.List;

                public class Main {
                    public static MapFunction<Row, Row> greeter() {
                        return row -> new Row(row.get(0), Greeting.greet((Long) row.get(0)),
                                ProcessHandle.current().pid());
                    }

                    public static void main(String[] args) throws Exception {
                        try (GlasshouseSession session = GlasshouseSession.builder().getOrCreate()) {
                            List<Row> rows = session.read().option("header", "true").schema("n long").csv(args[0])
                                    .map(greeter(), "n long, greeting string, pid long").collect();
                            List<String> lines = new ArrayList<>();
                            lines.add("jars=" + session.applicationJars());
                            for (Row row : rows) lines.add(row.get(0) + "," + row.get(1) + "," + row.get(2));
                            Files.write(Path.of(args[1]), lines);
                        }
                    }
                }
                """, "com.example.Greeting", """
                package com.example;

                public class Greeting {
                    public static String greet(long n) {
                        return "%s:" + (n * n);
                    }
                }
                """.formatted(version));
    }

    @Test
    void aSubmittedApplicationsLambdaRunsOnTheExecutorsWithItsOwnClasses() throws Exception {
        List<String> result = submit(v1, "v1-result.txt");

        assertThat(result.get(0)).matches("jars=\\[s3://glasshouse-apps/app-[^/]+/app\\.jar\\]");
        List<String[]> rows = result.subList(1, result.size()).stream().map(line -> line.split(",")).toList();
        assertThat(rows).hasSize(NUMBERS).allSatisfy(row ->
                assertThat(row[1]).isEqualTo("v1:" + Long.parseLong(row[0]) * Long.parseLong(row[0])));
        Set<Long> pids = pids(rows);
        assertThat(pids).isNotEmpty().doesNotContain(ProcessHandle.current().pid(), cluster.pid());
        assertThat(cluster.executorPids()).containsAll(pids);
        awaitApplicationsCleanedUp();
    }

    @Test
    void twoVersionsOfOneClassEachGetTheirOwnOnTheSameExecutors() throws Exception {
        List<String> first = submit(v1, "first.txt");
        List<String> second = submit(v2, "second.txt");

        List<String[]> firstRows = first.subList(1, first.size()).stream().map(line -> line.split(",")).toList();
        List<String[]> secondRows = second.subList(1, second.size()).stream().map(line -> line.split(",")).toList();
        assertThat(firstRows).hasSize(NUMBERS).allSatisfy(row -> assertThat(row[1]).startsWith("v1:"));
        assertThat(secondRows).hasSize(NUMBERS).allSatisfy(row -> assertThat(row[1]).startsWith("v2:"));
        // Both ran in the same executor processes: the second version was loaded where the first had been.
        assertThat(pids(firstRows)).isNotEmpty().doesNotContain(ProcessHandle.current().pid());
        assertThat(cluster.executorPids()).containsAll(pids(firstRows)).containsAll(pids(secondRows));
        assertThat(pids(firstRows)).containsAnyElementsOf(pids(secondRows));
        awaitApplicationsCleanedUp();
    }

    @Test
    void aSessionBuiltInCodeShipsTheJarsGivenToItsBuilder() throws Exception {
        try (URLClassLoader application = loader(v2);
             GlasshouseSession session = session().jars(v2.toString()).getOrCreate()) {
            List<Row> rows = numbers(session).map(greeter(application), "n long, greeting string, pid long").collect();

            assertThat(rows).hasSize(NUMBERS).allSatisfy(row ->
                    assertThat(row.get(1)).isEqualTo("v2:" + (Long) row.get(0) * (Long) row.get(0)));
            assertThat(session.applicationJars()).singleElement().asString().endsWith("/app.jar");
        }
    }

    @Test
    void aLambdaWhoseJarWasNotShippedFailsNamingItsClassApplicationAndTheRemedy() throws Exception {
        try (URLClassLoader application = loader(v1);
             GlasshouseSession session = session().config("glasshouse.driver.task-max-failures", 1).getOrCreate()) {
            DataFrame mapped = numbers(session).map(greeter(application), "n long, greeting string, pid long");

            assertThatThrownBy(mapped::collect).isInstanceOf(JobFailedException.class)
                    .hasMessageContaining("class com.example.Main is neither on executor exec-")
                    .hasMessageContaining("class path nor in the jars of application " + session.applicationId()
                            + " (it shipped none): pass the jar that holds it with 'glasshouse submit --jar'");
        }
    }

    /** Runs {@code glasshouse submit --jar} in this JVM and returns the lines the application wrote. */
    private List<String> submit(Path jar, String resultName) throws IOException {
        Path result = dir.resolve(resultName);
        StringWriter err = new StringWriter();
        CommandLine cli = GlasshouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("submit", "--jar", jar.toString(), "--class", "com.example.Main",
                "--master", cluster.master(), "--s3-endpoint", cluster.s3Endpoint(),
                "--", INPUT, result.toString());
        assertThat(exit).as("exit code; stderr:%n%s", err).isZero();
        return Files.readAllLines(result);
    }

    private Config config() {
        return ConfigFactory.load().withValue("glasshouse.s3.endpoint",
                ConfigValueFactory.fromAnyRef(cluster.s3Endpoint()));
    }

    /** The application's classes in this JVM only, as a user's code would be when not submitted. */
    private URLClassLoader loader(Path jar) throws IOException {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
    }

    /** A session builder for this cluster; settings given after these win. */
    private GlasshouseSession.Builder session() {
        return GlasshouseSession.builder().config(config()).master(cluster.master());
    }

    private static DataFrame numbers(GlasshouseSession session) {
        return session.read().option("header", "true").schema("n long").csv(INPUT);
    }

    @SuppressWarnings("unchecked")
    private static MapFunction<Row, Row> greeter(ClassLoader application) throws Exception {
        return (MapFunction<Row, Row>) application.loadClass("com.example.Main").getMethod("greeter").invoke(null);
    }

    private static Set<Long> pids(List<String[]> rows) {
        Set<Long> pids = new HashSet<>();
        for (String[] row : rows) pids.add(Long.parseLong(row[2]));
        return pids;
    }

    /** Ended applications leave no jar on the executors' disks nor in S3 (both are cleaned up asynchronously). */
    private void awaitApplicationsCleanedUp() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<Path> left = downloadedJars();
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            left = downloadedJars();
        }
        assertThat(left).as("jars left in the executors' work dirs").isEmpty();
        assertThat(store.list(S3Path.parse("s3://glasshouse-apps/"))).as("jars left in S3").isEmpty();
    }

    private List<Path> downloadedJars() throws IOException {
        Path executors = dir.resolve("executors");
        if (!Files.isDirectory(executors)) return List.of();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(executors)) {
            files.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        return jars;
    }
}
