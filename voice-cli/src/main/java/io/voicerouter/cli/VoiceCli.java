package io.voicerouter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code voice} command. Each sub-command lives in its own class; this one only wires them and
 * turns the SDK's typed exceptions into one-line messages and exit codes.
 */
@Command(name = "voice", mixinStandardHelpOptions = true, version = "voicerouter 0.1.0-SNAPSHOT",
        description = "Speak text through voicerouter's providers, inspect them, and check configs and samples.",
        subcommands = {SayCommand.class, ProvidersCommand.class, ConfigCommand.class, StatsCommand.class, SampleCommand.class, VoicesCommand.class, DownloadCommand.class, PersonalityCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class VoiceCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code; used by tests without exiting the JVM. */
    public static int run(String... args) {
        Logging.configure(args);
        CommandLine cli = new CommandLine(new VoiceCli());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli.execute(args);
    }
}
