package io.voicerouter.spi;

import io.voicerouter.text.TextLimit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a provider is and can do: what a host needs to draw the model selector and settings form,
 * and what the router needs to decide whether to try it. Immutable; build with {@link #builder}.
 */
public final class ProviderCapabilities {
    private final String id;
    private final String displayName;
    private final ProviderKind kind;
    private final Set<String> languages;
    private final SampleRequirements sampleRequirements;
    private final boolean streaming;
    private final TextLimit textLimit;
    private final int sampleRate;
    private final List<SettingSpec> settings;

    private ProviderCapabilities(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.displayName = b.displayName == null ? b.id : b.displayName;
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.languages = Set.copyOf(new LinkedHashSet<>(b.languages));
        this.sampleRequirements = b.sampleRequirements;
        this.streaming = b.streaming;
        this.textLimit = Objects.requireNonNull(b.textLimit, "textLimit");
        this.sampleRate = b.sampleRate;
        this.settings = List.copyOf(b.settings);
        if (sampleRate <= 0) {
            throw new IllegalArgumentException(id + ": sampleRate must be positive");
        }
        long distinct = settings.stream().map(SettingSpec::name).distinct().count();
        if (distinct != settings.size()) {
            throw new IllegalArgumentException(id + ": duplicate setting names");
        }
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** The provider id used in {@code voice_config}: {@code piper}, {@code xtts_v2}, ... */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public ProviderKind kind() {
        return kind;
    }

    /** Normalized language codes (see {@code LanguageCodes}); empty means "any the engine accepts". */
    public Set<String> languages() {
        return languages;
    }

    public boolean supportsLanguage(String normalizedCode) {
        return languages.isEmpty() || languages.contains(normalizedCode);
    }

    /** Present when the provider clones a voice from a reference recording. */
    public Optional<SampleRequirements> sampleRequirements() {
        return Optional.ofNullable(sampleRequirements);
    }

    public boolean clonesVoices() {
        return sampleRequirements != null;
    }

    public boolean streaming() {
        return streaming;
    }

    /**
     * The most text one request to the engine or service takes, in the unit it counts (characters,
     * or UTF-8 bytes for services that limit their input in bytes). The router cuts longer text
     * into pieces that fit, once, with {@link io.voicerouter.text.TextSegmenter}; a provider never
     * gets more than this from the router.
     */
    public TextLimit textLimit() {
        return textLimit;
    }

    /**
     * {@code textLimit().max()}, which is in {@code textLimit().unit()}: bytes for some cloud
     * providers, not characters as the name suggests.
     *
     * @deprecated read {@link #textLimit()}, which says its unit
     */
    @Deprecated
    public int maxTextLength() {
        return textLimit.max();
    }

    /** The native output sample rate, in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    public List<SettingSpec> settings() {
        return settings;
    }

    public Optional<SettingSpec> setting(String name) {
        return settings.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A copy with a different language list, for providers that learn theirs at initialization. */
    public ProviderCapabilities withLanguages(Collection<String> newLanguages) {
        return toBuilder().languages(newLanguages).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(id).displayName(displayName).kind(kind).languages(languages)
                .streaming(streaming).textLimit(textLimit).sampleRate(sampleRate).settings(settings);
        b.sampleRequirements = sampleRequirements;
        return b;
    }

    @Override
    public String toString() {
        return "ProviderCapabilities[" + id + ", " + kind + ", " + languages.size() + " languages, "
                + sampleRate + " Hz" + (clonesVoices() ? ", clones" : "") + (streaming ? ", streams" : "") + "]";
    }

    public static final class Builder {
        private final String id;
        private String displayName;
        private ProviderKind kind = ProviderKind.LOCAL;
        private final Set<String> languages = new LinkedHashSet<>();
        private SampleRequirements sampleRequirements;
        private boolean streaming;
        private TextLimit textLimit = TextLimit.characters(5000);
        private int sampleRate = 22050;
        private final List<SettingSpec> settings = new ArrayList<>();

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder displayName(String displayName) {
            this.displayName = Objects.requireNonNull(displayName);
            return this;
        }

        public Builder kind(ProviderKind kind) {
            this.kind = Objects.requireNonNull(kind);
            return this;
        }

        public Builder languages(Collection<String> languages) {
            this.languages.clear();
            this.languages.addAll(languages);
            return this;
        }

        public Builder sampleRequirements(SampleRequirements requirements) {
            this.sampleRequirements = Objects.requireNonNull(requirements);
            return this;
        }

        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** The most text one request takes, with its unit; default 5,000 characters. */
        public Builder textLimit(TextLimit limit) {
            this.textLimit = Objects.requireNonNull(limit, "textLimit");
            return this;
        }

        /** Shorthand for {@code textLimit(TextLimit.characters(characters))}. */
        public Builder maxTextLength(int characters) {
            if (characters <= 0) {
                throw new IllegalArgumentException(id + ": maxTextLength must be positive");
            }
            return textLimit(TextLimit.characters(characters));
        }

        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder settings(Collection<? extends SettingSpec> settings) {
            this.settings.clear();
            this.settings.addAll(settings);
            return this;
        }

        public Builder setting(SettingSpec setting) {
            this.settings.add(Objects.requireNonNull(setting));
            return this;
        }

        public ProviderCapabilities build() {
            return new ProviderCapabilities(this);
        }
    }
}
