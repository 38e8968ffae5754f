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
