package dev.glasshouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glasshouse.cli.jobs.SalesByCountryJob;
import dev.glasshouse.core.types.Schema;
import dev.glasshouse.driver.GlasshouseSession;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glasshouse submit <job> --master HOST:PORT}: this process becomes the driver of a built-in job. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Run a built-in job as a driver against a running cluster. Jobs: " + SalesByCountryJob.NAME)
public final class SubmitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "JOB", description = "the job to run: " + SalesByCountryJob.NAME)
    String job;

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
        if (!job.equals(SalesByCountryJob.NAME)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown job '" + job + "': the built-in jobs are " + SalesByCountryJob.NAME);
        }
        runJob(System.out, master, s3, executors,
                shufflePartitions, input, output, json);
        return 0;
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
