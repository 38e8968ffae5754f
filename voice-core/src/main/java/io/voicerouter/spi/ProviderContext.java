package io.voicerouter.spi;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a factory may read when it creates a provider: host options (endpoints, model directories,
 * credentials), the process environment (overridable in tests) and the SDK's data directory.
 * Option keys are namespaced by provider id, for example {@code piper.voices_dir} or
 * {@code azure_tts.region}. Values are never logged: some are secrets.
 */
public final class ProviderContext {
    private final Map<String, String> options;
    private final Function<String, String> environment;
    private final Path dataDirectory;

    private ProviderContext(Builder b) {
        this.options = Map.copyOf(b.options);
        this.environment = b.environment;
        this.dataDirectory = b.dataDirectory;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A context with no options, the real environment and the default data directory. */
    public static ProviderContext defaults() {
        return builder().build();
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key)).filter(s -> !s.isBlank());
    }

    public Optional<String> environment(String name) {
        return Optional.ofNullable(environment.apply(name)).filter(s -> !s.isBlank());
    }

    /** The option, else the environment variable. */
    public Optional<String> optionOrEnvironment(String key, String environmentVariable) {
        return option(key).or(() -> environment(environmentVariable));
    }

    /**
     * The option as a whole number from {@code min} to {@code max}, when set: the one way every
     * provider reads numeric options.
     *
     * @throws io.voicerouter.error.InvalidOptionException naming the option (not its value) when it is
     *                                                     not such a number
     */
    public Optional<Long> longOption(String key, long min, long max) {
        Optional<String> raw = option(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(raw.get().strip());
        } catch (NumberFormatException e) {
            throw new io.voicerouter.error.InvalidOptionException(key, "option " + key + " must be a whole number from "
                    + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new io.voicerouter.error.InvalidOptionException(key, "option " + key + " must be from " + min + " to "
                    + max + ", got " + value);
        }
        return Optional.of(value);
    }

    /** {@link #longOption} for an {@code int}. */
    public Optional<Integer> intOption(String key, int min, int max) {
        return longOption(key, min, max).map(Long::intValue);
    }

    /**
     * The option as a boolean, when set: {@code true} or {@code false} (any case), nothing else, so
     * that a typo such as {@code ture} is an error rather than a silent {@code false}.
     *
     * @throws io.voicerouter.error.InvalidOptionException naming the option when it is neither
     */
    public Optional<Boolean> booleanOption(String key) {
        Optional<String> raw = option(key).map(s -> s.strip().toLowerCase(java.util.Locale.ROOT));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        return switch (raw.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> throw new io.voicerouter.error.InvalidOptionException(key, "option " + key
                    + " must be true or false");
        };
    }

    /**
     * A yes/no the host can set as an option or, for the whole process, as an environment variable
     * (as {@code piper.offline} or {@code VOICEROUTER_OFFLINE}): the option as {@link #booleanOption}
     * reads it, else the variable as {@code 1}/{@code 0}, {@code true}/{@code false} or
     * {@code yes}/{@code no} (any case), else {@code false}.
     *
     * @throws io.voicerouter.error.InvalidOptionException naming the option or the variable when it is none of those
     */
    public boolean flag(String key, String environmentVariable) {
        Optional<Boolean> option = booleanOption(key);
        if (option.isPresent()) {
            return option.get();
        }
        return environment(environmentVariable).map(v -> switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new io.voicerouter.error.InvalidOptionException(environmentVariable, "environment variable "
                    + environmentVariable + " must be 1, 0, true, false, yes or no");
        }).orElse(false);
    }

    /**
     * A directory the host may choose with an option, else its place under {@link #dataDirectory()}:
     * the one way providers find where their models live ({@code piper.voices_dir} else
     * {@code DATA_DIR/piper}, {@code xtts_v2.model_dir} else {@code DATA_DIR/models/xtts_v2}, ...).
     *
     * @param under the path below the data directory, one name per element
     * @throws io.voicerouter.error.InvalidOptionException naming the option when it is not a path
     */
    public Path directory(String key, String... under) {
        return pathOption(key).orElseGet(() -> {
            Path p = dataDirectory();
            for (String part : under) {
                p = p.resolve(part);
            }
            return p;
        });
    }

    /** {@link #directory(String, String...)} with an environment variable between the option and the default. */
    public Path directoryOrEnvironment(String key, String environmentVariable, String... under) {
        Optional<Path> fromEnvironment = pathOption(key).isPresent() ? Optional.empty()
                : environment(environmentVariable).map(v -> path(environmentVariable, v));
        return fromEnvironment.orElseGet(() -> directory(key, under));
    }

    /** The option as a path, when set. */
    public Optional<Path> pathOption(String key) {
        return option(key).map(v -> path(key, v));
    }

    private static Path path(String name, String value) {
        try {
            return Path.of(value.strip());
        } catch (java.nio.file.InvalidPathException e) {
            throw new io.voicerouter.error.InvalidOptionException(name, name + " is not a valid path");
        }
    }

    /**
     * Where the SDK keeps downloaded models, samples and caches: the option {@code data_dir}, else
     * {@code $VOICEROUTER_HOME}, else {@code $XDG_CACHE_HOME/voicerouter}, else {@code ~/.cache/voicerouter}.
     */
    public Path dataDirectory() {
        if (dataDirectory != null) {
            return dataDirectory;
        }
        return option("data_dir").map(Path::of)
                .or(() -> environment("VOICEROUTER_HOME").map(Path::of))
                .or(() -> environment("XDG_CACHE_HOME").map(p -> Path.of(p, "voicerouter")))
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "voicerouter"));
    }

    /** The keys set, never their values: safe to log. */
    @Override
    public String toString() {
        return "ProviderContext" + options.keySet();
    }

    public static final class Builder {
        private final Map<String, String> options = new HashMap<>();
        private Function<String, String> environment = System::getenv;
        private Path dataDirectory;

        private Builder() {
        }

        public Builder option(String key, String value) {
            options.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder options(Map<String, String> more) {
            options.putAll(more);
            return this;
        }

        /** Replaces the process environment, so tests can provide credentials without real ones. */
        public Builder environment(Map<String, String> env) {
            Map<String, String> copy = Map.copyOf(env);
            this.environment = copy::get;
            return this;
        }

        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Objects.requireNonNull(dir);
            return this;
        }

        public ProviderContext build() {
            return new ProviderContext(this);
        }
    }
}
