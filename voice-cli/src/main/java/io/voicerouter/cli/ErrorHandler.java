package io.voicerouter.cli;

import io.voicerouter.error.VoiceException;
import io.voicerouter.router.AllProvidersFailedException;
import picocli.CommandLine;

/**
 * Prints the SDK's typed errors as one clear message instead of a stack trace. Exit codes: 1 when
 * no provider could speak or a file could not be read or written, 2 for bad input (a config, a
 * sample, a request or a command-line value the command cannot use), 3 for a sample no provider
 * can use ({@code sample check}).
 */
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
        if (e instanceof BadArgumentException) {
            cli.getErr().println("voice: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (e instanceof java.io.IOException io) {
            cli.getErr().println("voice: " + describe(io));
            return EXIT_FAILED;
        }
        if (e instanceof java.io.UncheckedIOException u) {
            // A write that failed: a full disk, a read-only or vanished folder.
            cli.getErr().println("voice: " + u.getMessage() + ": " + describe(u.getCause()));
            return EXIT_FAILED;
        }
        cli.getErr().println("voice: unexpected error: " + e);
        e.printStackTrace(cli.getErr());
        return EXIT_FAILED;
    }

    /** An IOException's own words: "No space left on device", "/x: Permission denied". */
    static String describe(java.io.IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs) {
            String file = fs.getFile();
            String reason = fs.getReason() != null ? fs.getReason()
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileAlreadyExistsException ? "already exists"
                    : e.getClass().getSimpleName();
            return file == null ? reason : file + ": " + reason;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A command-line value the command cannot use (exit {@link #EXIT_BAD_INPUT}, one line). */
    static final class BadArgumentException extends RuntimeException {
        BadArgumentException(String message) {
            super(message, null, false, false);
        }
    }
}
