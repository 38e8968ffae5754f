package io.voicerouter.samples;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** How {@link VoiceSampleLibrary#add} records a sample. Immutable; build with {@link #builder()}. */
public final class AddSampleOptions {
    private final String url;
    private final String language;
    private final String notes;
    private final String id;
    private final Set<String> assignTo;

    private AddSampleOptions(Builder b) {
        this.url = b.url;
        this.language = b.language;
        this.notes = b.notes;
        this.id = b.id;
        this.assignTo = Set.copyOf(b.assignTo);
    }

    public static AddSampleOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The URL to record; by default the stored copy's {@code file:} URI. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /** The sample's language; by default the personality's primary language. */
    public Optional<String> language() {
        return Optional.ofNullable(language);
    }

    public Optional<String> notes() {
        return Optional.ofNullable(notes);
    }

    /** The sample id; by default {@code sample_N} with the next free N. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** Providers whose {@code voice_sample_url}/{@code voice_sample_duration} should point at this sample. */
    public Set<String> assignTo() {
        return assignTo;
    }

    /** A copy with another URL. */
    public AddSampleOptions withUrl(String newUrl) {
        Builder b = builder().url(newUrl);
        b.language = language;
        b.notes = notes;
        b.id = id;
        b.assignTo.addAll(assignTo);
        return b.build();
    }

    public static final class Builder {
        private String url;
        private String language;
        private String notes;
        private String id;
        private final Set<String> assignTo = new LinkedHashSet<>();

        private Builder() {
        }

        public Builder url(String url) {
            this.url = Objects.requireNonNull(url);
            return this;
        }

        public Builder language(String language) {
            this.language = Objects.requireNonNull(language);
            return this;
        }

        public Builder notes(String notes) {
            this.notes = Objects.requireNonNull(notes);
            return this;
        }

        public Builder id(String id) {
            this.id = Objects.requireNonNull(id);
            return this;
        }

        public Builder assignTo(String providerId) {
            this.assignTo.add(Objects.requireNonNull(providerId));
            return this;
        }

        public AddSampleOptions build() {
            return new AddSampleOptions(this);
        }
    }
}
