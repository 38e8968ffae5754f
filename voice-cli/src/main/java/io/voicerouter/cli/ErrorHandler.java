package io.voicerouter.cli;

import io.voicerouter.error.VoiceException;
import io.voicerouter.router.AllProvidersFailedException;
import picocli.CommandLine;

/** Prints the SDK's typed errors as one clear message instead of a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof AllProvidersFailedException all) {
            cli.getErr().println("voice: no provider could speak this text.");
            Trace.print(cli.getErr(), all.attempts());
            return EXIT_FAILED;
        }
        if (e instanceof VoiceException) {
            cli.getErr().println("voice: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (e instanceof java.io.IOException) {
            cli.getErr().println("voice: " + e.getMessage());
            return EXIT_FAILED;
        }
        cli.getErr().println("voice: unexpected error: " + e);
        e.printStackTrace(cli.getErr());
        return EXIT_FAILED;
    }
}
