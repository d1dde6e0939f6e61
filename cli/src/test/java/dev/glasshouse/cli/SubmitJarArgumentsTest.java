package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.glasshouse.core.exec.TestJars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code glasshouse submit --jar}: what it refuses, and how it runs an application's main, with no cluster (these
 * applications start no session).
 */
class SubmitJarArgumentsTest {
    private static final String MASTER = "127.0.0.1:2551";

    @TempDir
    static Path dir;
    private static Path jar;
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void buildJar() throws Exception {
        jar = TestJars.compile(dir.resolve("app.jar"), Map.of(
                "com.example.Echo", """
                        package com.example;

                        import com.typesafe.config.ConfigFactory;
                        import java.nio.file.Files;
                        import java.nio.file.Path;
                        import java.util.Arrays;
                        import java.util.List;

                        /** Writes what the application sees to the file named by its first argument. */
                        public class Echo {
                            public static void main(String[] args) throws Exception {
                                var config = ConfigFactory.load();
                                boolean ownLoader = Thread.currentThread().getContextClassLoader()
                                        == Echo.class.getClassLoader();
                                Files.write(Path.of(args[0]), List.of(
                                        "args=" + Arrays.toString(args),
                                        "master=" + config.getString("glasshouse.cluster.master"),
                                        "s3=" + config.getString("glasshouse.s3.endpoint"),
                                        "executors=" + config.getInt("glasshouse.driver.executors"),
                                        "jars=" + config.getString("glasshouse.application.jars"),
                                        "context-loader-is-the-application's=" + ownLoader));
                            }
                        }
                        """,
                "com.example.Boom", """
                        package com.example;

                        public class Boom {
                            public static void main(String[] args) {
                                throw new IllegalStateException("the application gave up");
                            }
                        }
                        """,
                "com.example.NoMain", """
                        package com.example;

                        public class NoMain {
                            public void main(String[] args) {
                            }
                        }
                        """));
    }

    private int submit(String... args) {
        CommandLine cli = GlasshouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void runsMainWithItsArgumentsTheClusterSettingsAndItsOwnClassLoader() throws Exception {
        Path seen = dir.resolve("seen.txt");
        ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();

        int exit = submit("submit", "--jar", jar.toString(), "--class", "com.example.Echo", "--master", "10.0.0.5:2551",
                "--s3-endpoint", "http://10.0.0.5:9000", "--executors", "3", "--", seen.toString(), "--verbose");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly(
                "args=[" + seen + ", --verbose]",
                "master=10.0.0.5:2551",
                "s3=http://10.0.0.5:9000",
                "executors=3",
                "jars=" + jar.toAbsolutePath(),
                "context-loader-is-the-application's=true");
        // Nothing of the application's settings outlives it.
        assertThat(System.getProperty("glasshouse.cluster.master")).isNull();
        assertThat(System.getProperty("glasshouse.application.jars")).isNull();
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(contextLoader);
    }

    @Test
    void aMainThatThrowsExitsWithOneAndShowsTheException() {
        assertThat(submit("submit", "--jar", jar.toString(), "--class", "com.example.Boom", "--master", MASTER))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("glasshouse submit: application com.example.Boom failed: java.lang.IllegalStateException:"
                        + " the application gave up")
                .contains("com.example.Boom.main(Boom.java:5)");
    }

    @Test
    void aMissingOrUnreadableJarIsNamed() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("notes.jar"), "plain text");

        assertThat(submit("submit", "--jar", "no/such/app.jar", "--class", "com.example.Echo", "--master", MASTER))
                .isEqualTo(2);
        assertThat(submit("submit", "--jar", notAJar.toString(), "--class", "com.example.Echo", "--master", MASTER))
                .isEqualTo(2);
        assertThat(submit("submit", "--jar", dir.toString(), "--class", "com.example.Echo", "--master", MASTER))
                .isEqualTo(2);

        assertThat(err.toString()).contains("--jar no/such/app.jar: no such file")
                .contains("--jar " + notAJar + ": not a jar file")
                .contains("--jar " + dir + ": not a readable file")
                .contains("Usage: glasshouse submit");
    }

    @Test
    void aClassThatIsNotInTheJarIsNamedWithTheClassesThatAre() {
        assertThat(submit("submit", "--jar", jar.toString(), "--class", "com.example.Ecco", "--master", MASTER))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--class com.example.Ecco: no such class in " + jar
                + "; the jar's classes: com.example.Boom, com.example.Echo, com.example.NoMain");
    }

    @Test
    void aClassWithoutAStaticMainIsRefused() {
        assertThat(submit("submit", "--jar", jar.toString(), "--class", "com.example.NoMain", "--master", MASTER))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--class com.example.NoMain: it has no public static void"
                + " main(String[] args)");
    }

    @Test
    void withoutClassOrManifestMainTheClassIsAskedFor() {
        assertThat(submit("submit", "--jar", jar.toString(), "--master", MASTER)).isEqualTo(2);
        assertThat(err.toString()).contains("--class is missing").contains("the jar's manifest has no Main-Class");
    }

    @Test
    void exactlyOneOfJobAndJar() {
        List<String[]> wrong = List.of(
                new String[] {"submit", "sales-by-country", "--jar", jar.toString(), "--class", "com.example.Echo",
                        "--master", MASTER},
                new String[] {"submit", "--master", MASTER},
                new String[] {"submit", "--class", "com.example.Echo", "--master", MASTER},
                new String[] {"submit", "sales-by-country", "--master", MASTER, "--", "x"},
                new String[] {"submit", "--jar", jar.toString(), "--class", "com.example.Echo", "--master", MASTER,
                        "--output", "s3://x/"});
        for (String[] args : wrong) assertThat(submit(args)).as(String.join(" ", args)).isEqualTo(2);

        assertThat(err.toString())
                .contains("give either a built-in JOB or --jar, not both (got [sales-by-country] with --jar " + jar)
                .contains("give a built-in JOB (sales-by-country) or your application with --jar PATH --class NAME")
                .contains("--class needs --jar PATH: the jar that holds com.example.Echo")
                .contains("arguments after '--' are for an application given with --jar")
                .contains("--output is for built-in jobs; pass your application's own arguments after '--'");
    }
}
