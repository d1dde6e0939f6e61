package dev.glasshouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.cli.jobs.SalesByCountryJob;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.GlasshouseSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glasshouse submit <job> --master HOST:PORT}: this process becomes the driver of a built-in job; or, with
 * {@code --jar app.jar --class com.example.Main [-- args...]}, the driver of the user's own application, whose jar
 * the session ships to the executors.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run a built-in job, or your own application, as a driver against a running cluster.",
                "Built-in jobs: " + SalesByCountryJob.NAME + ".",
                "Your application: --jar app.jar --class com.example.Main [-- its arguments]. Its main runs here;"
                        + " the jar goes to the executors through S3, so its lambdas run there."})
public final class SubmitCommand implements Callable<Integer> {

    /** The job; or, after '--', the application's arguments. One list, because picocli fills positions in order. */
    @Parameters(paramLabel = "JOB", arity = "0..*",
            description = "the built-in job to run: " + SalesByCountryJob.NAME + "; with --jar, the arguments of"
                    + " the application's main go after '--'")
    List<String> positional = new ArrayList<>();

    @Option(names = "--jar", paramLabel = "PATH",
            description = "run your own application from this jar instead of a built-in job")
    Path jar;

    @Option(names = "--class", paramLabel = "NAME",
            description = "with --jar: the class whose public static void main(String[]) runs as the driver"
                    + " (default: the jar manifest's Main-Class)")
    String mainClass;

    @Option(names = "--master", converter = MasterAddress.class, required = true, paramLabel = "HOST:PORT",
            description = "the cluster-manager's address, as printed by 'glasshouse local'")
    String master;

    @Option(names = "--input", defaultValue = SalesByCountryJob.DEFAULT_INPUT, description = "default: ${DEFAULT-VALUE}")
    String input;

    @Option(names = "--output", defaultValue = SalesByCountryJob.DEFAULT_OUTPUT, description = "default: ${DEFAULT-VALUE}")
    String output;

    @Option(names = "--executors", defaultValue = "2", description = "executors to ask for (default: ${DEFAULT-VALUE})")
    int executors;

    @Option(names = "--shuffle-partitions", defaultValue = "8",
            description = "reduce partitions of each shuffle (default: ${DEFAULT-VALUE})")
    int shufflePartitions;

    @Option(names = "--json", description = "print the summary and result as one JSON document instead")
    boolean json;

    @Mixin
    S3Options s3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int dashDash = original.indexOf("--");
        int afterDashDash = dashDash < 0 ? 0 : original.size() - dashDash - 1;
        List<String> beforeDashDash = positional.subList(0, positional.size() - afterDashDash);
        List<String> applicationArgs = positional.subList(positional.size() - afterDashDash, positional.size());
        if (jar != null) {
            return runApplication(beforeDashDash, applicationArgs);
        }
        if (mainClass != null) throw usage("--class needs --jar PATH: the jar that holds " + mainClass);
        if (beforeDashDash.isEmpty()) {
            throw usage("give a built-in JOB (" + SalesByCountryJob.NAME + ") or your application with --jar PATH"
                    + " --class NAME");
        }
        if (beforeDashDash.size() > 1 || !applicationArgs.isEmpty()) {
            throw usage("a built-in job takes no arguments, got " + positional.subList(1, positional.size())
                    + "; arguments after '--' are for an application given with --jar");
        }
        String job = beforeDashDash.get(0);
        if (!job.equals(SalesByCountryJob.NAME)) {
            throw usage("unknown job '" + job + "': the built-in jobs are " + SalesByCountryJob.NAME);
        }
        runJob(System.out, master, s3, executors,
                shufflePartitions, input, output, json);
        return 0;
    }

    /** Runs the user's application: its main is the driver, and its session ships the jar to the executors. */
    private int runApplication(List<String> beforeDashDash, List<String> applicationArgs) throws Exception {
        if (!beforeDashDash.isEmpty()) {
            throw usage("give either a built-in JOB or --jar, not both (got " + beforeDashDash + " with --jar "
                    + jar + "); arguments for your application go after '--'");
        }
        for (String builtInOnly : List.of("--input", "--output", "--json")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(builtInOnly)) {
                throw usage(builtInOnly + " is for built-in jobs; pass your application's own arguments after '--'");
            }
        }
        ApplicationLauncher.Application application;
        try {
            application = ApplicationLauncher.load(jar, mainClass);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (application) {
            return ApplicationLauncher.run(application, applicationArgs, applicationSettings(),
                    spec.commandLine().getErr());
        }
    }

    /** What the application's session must know from these flags: only what was given, the rest stays default. */
    private Map<String, String> applicationSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("glasshouse.cluster.master", master);
        s3.properties().forEach(settings::put);
        if (spec.commandLine().getParseResult().hasMatchedOption("--executors")) {
            settings.put("glasshouse.driver.executors", Integer.toString(executors));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--shuffle-partitions")) {
            settings.put("glasshouse.driver.shuffle-partitions", Integer.toString(shufflePartitions));
        }
        return settings;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Runs the sales job as a driver and prints its plan, progress, summary and result (or JSON). */
    static void runJob(PrintStream out, String master, S3Options s3, int executors, int shufflePartitions,
                       String input, String output, boolean json) throws Exception {
        PrintStream progress = json ? System.err : out;
        try (GlasshouseSession session = GlasshouseSession.builder()
                .config(s3.config())
                .master(master)
                .config("glasshouse.driver.executors", executors)
                .config("glasshouse.driver.shuffle-partitions", shufflePartitions)
                .listener(new ConsoleProgress(progress))
                .out(progress)
                .getOrCreate()) {
            progress.println("application " + session.applicationId() + " on cluster " + master);
            SalesByCountryJob.Outcome outcome = SalesByCountryJob.run(session, input, output, explain -> {
                progress.println();
                progress.println(explain);
                progress.println("Running: write the counts to " + output + ", then read them back (two jobs).");
            });
            Schema schema = Schema.parseDdl("country string, count long");
            if (json) {
                ObjectMapper mapper = JobReport.mapper();
                ObjectNode doc = mapper.createObjectNode();
                doc.put("job", SalesByCountryJob.NAME);
                doc.put("input", input);
                doc.put("output", output);
                doc.set("summary", JobReport.json(mapper, outcome.writeJob()));
                doc.set("result", JobReport.rows(mapper, schema, outcome.countsByCountry()));
                out.println(mapper.writeValueAsString(doc));
            } else {
                out.println();
                out.print(JobReport.text(outcome.writeJob()));
                out.println();
                out.println("Result (" + output + "):");
                out.print(JobReport.table(schema, outcome.countsByCountry()));
            }
        }
    }
}
