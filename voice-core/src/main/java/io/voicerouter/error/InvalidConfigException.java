package io.voicerouter.error;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code voice_config} that cannot be read (malformed JSON, a value of the wrong type) or that
 * failed validation. Says where: a JSON path such as {@code providers.piper.settings.speed} and, for
 * syntax errors, the line and column. {@link #problems()} lists every problem found, not only the first.
 */
public class InvalidConfigException extends VoiceException {
    private final String path;
    private final int line;
    private final int column;
    private final List<String> problems;

    /** One problem at {@code path} (may be empty for the whole document). */
    public InvalidConfigException(String path, String message) {
        this(path, -1, -1, describe(path, message), List.of(describe(path, message)), null);
    }

    /**
     * @param path    JSON path of the first problem, or empty
     * @param line    1-based line, or -1 when unknown
     * @param column  1-based column, or -1 when unknown
     * @param message the exception message
     * @param problems every problem, each a self-contained sentence
     */
    public InvalidConfigException(String path, int line, int column, String message, List<String> problems,
                                  Throwable cause) {
        super(message, cause);
        this.path = Objects.requireNonNull(path, "path");
        this.line = line;
        this.column = column;
        this.problems = List.copyOf(problems);
    }

    /** The JSON path of the (first) problem; empty when the problem is the document as a whole. */
    public Optional<String> path() {
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    /** 1-based line of a syntax error, when the parser knew it. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** 1-based column of a syntax error, when the parser knew it. */
    public OptionalInt column() {
        return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** Every problem found, in document order. Never empty. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(String path, String message) {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
