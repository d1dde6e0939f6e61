package dev.glasshouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code glasshouse chaos} and {@code demo --chaos} from the command line. */
class ChaosCommandTest {
    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter stderr = new StringWriter();
        PrintStream original = System.out;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = GlasshouseCli.commandLine();
            cli.setErr(new PrintWriter(stderr, true));
            int exit = cli.execute(args);
            return new Outcome(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString());
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void dryRunPrintsThePlanAndStartsNothing() {
        Outcome outcome = run("chaos", "--kill-executor", "--executor", "exec-2", "--when", "reduce", "--after",
                "500ms", "--every", "2s", "--max", "2", "--seed", "5", "--dry-run");

        assertThat(outcome.exit()).isEqualTo(0);
        assertThat(outcome.out()).isEqualTo(String.join(System.lineSeparator(),
                "Chaos plan (seed 5): 2 fault(s), the clock starting when the map stage is done (reduce tasks running)",
                "  #1 at +0.5 s: kill -KILL executor exec-2",
                "  #2 at +2.5 s: kill -KILL executor exec-2",
                "Dry run: nothing started, nothing injected.", ""));
    }

    @Test
    void badChaosOptionsNameTheOption() {
        assertThat(run("chaos", "--dry-run").err()).contains("no fault chosen");
        assertThat(run("chaos", "--kill-executor", "--when", "later").err())
                .contains("--when later: must be start, map or reduce");
        assertThat(run("chaos", "--kill-executor", "--every", "soon").err())
                .contains("'soon' is not a duration: use e.g. 500ms, 10s or 2m");
        Outcome withoutChaos = run("demo", "--kill-executor");
        assertThat(withoutChaos.exit()).isEqualTo(2);
        assertThat(withoutChaos.err()).contains("--kill-executor needs --chaos");
    }

    /** The command a workshop types: the demo job under chaos, on its own local cluster, with the report. */
    @Test
    void demoUnderChaosKillsAnExecutorAndReportsAnUnchangedResult() {
        Outcome outcome = run("demo", "--chaos", "--kill-executor", "--when", "map", "--after", "0s",
                "--rows", "20000", "--files", "4");

        assertThat(outcome.exit()).as(outcome.out()).isEqualTo(0);
        Matcher fault = Pattern.compile("#1 at \\+[0-9.]+ s: kill -KILL executor (exec-\\d+) \\(pid \\d+\\); the "
                + "driver removed (exec-\\d+) ([0-9.]+) s later").matcher(outcome.out());
        assertThat(fault.find()).as(outcome.out()).isTrue();
        assertThat(fault.group(2)).isEqualTo(fault.group(1));
        assertThat(Double.parseDouble(fault.group(3))).isLessThan(2.0);
        assertThat(outcome.out()).contains("[executor " + fault.group(1) + "] lost: process exited with code 137")
                .contains("EQUAL to the fault-free result");
    }
}
