package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLineTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = GlasshouseCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void unknownFlagPrintsUsageAndExitsWithTwo() {
        assertThat(run("local", "--executor", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--executor', '3'").contains("--executors").contains("Usage: glasshouse local");
    }

    @Test
    void badMemoryValueSaysWhatIsExpected() {
        assertThat(run("local", "--memory", "lots")).isEqualTo(2);
        assertThat(err.toString()).contains("'lots' is not a memory size: use e.g. 512m or 1g");
    }

    @Test
    void unknownJobListsTheBuiltInJobs() {
        assertThat(run("submit", "word-count", "--master", "127.0.0.1:2551")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown job 'word-count'").contains("sales-by-country");
    }

    @Test
    void malformedMasterIsRefusedBeforeAnythingStarts() {
        assertThat(run("submit", "sales-by-country", "--master", "localhost")).isEqualTo(2);
        assertThat(run("sql", "--master", "2551", "SELECT 1")).isEqualTo(2);
        assertThat(err.toString()).contains("--master must be HOST:PORT, e.g. 127.0.0.1:2551; got 'localhost'")
                .contains("got '2551'");
    }

    @Test
    void portInUseIsNamed(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThat(run("local", "--s3-port", Integer.toString(port), "--port", "0", "--data-dir", dir.toString()))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("127.0.0.1:" + port).contains("already in use");
        }
    }
}
