package dev.glasshouse.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code glasshouse} command. Each subcommand is one user-facing action; docs/commands.md describes them.
 * Usage errors exit with 2 (picocli's convention), failures of the action itself with 1.
 */
@Command(name = "glasshouse", mixinStandardHelpOptions = true, version = "glasshouse 0.1.0",
        description = "A Spark-style cluster with glass walls: watch a distributed engine think.",
        subcommands = {LocalCommand.class, DatagenCommand.class, SubmitCommand.class, DemoCommand.class, SqlCommand.class,
                BenchCommand.class, ChaosCommand.class,
                CommandLine.HelpCommand.class})
public final class GlasshouseCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: local, datagen, submit, demo, sql or bench");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GlasshouseCli());
        // A bad flag always gets the error, picocli's suggestions, and the usage of the command it was given to.
        cli.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println(exception.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, failed.getErr());
            failed.usage(failed.getErr());
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("glasshouse " + commandLine.getCommandName() + ": " + message(exception));
            return 1;
        });
        return cli;
    }

    /** The exception's own message, with the first cause's when it adds something. */
    static String message(Throwable exception) {
        String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
        Throwable cause = exception.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
