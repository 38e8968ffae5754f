package io.voicerouter.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The voice a provider should speak with, as the personality chose it: a voice id, a voice name,
 * and reference samples for providers that clone (the main one with its length, and any further
 * ones; each a URL or a path). Each part is optional; a blank one counts as not given, so a
 * provider never has to tell "" from absent.
 * Made by the config side ({@code ProviderConfig.voice()}); a provider reads the voice only here
 * and its settings only through {@link Settings}. Immutable and thread-safe.
 */
public final class VoiceSelection {
    private static final VoiceSelection NONE = new VoiceSelection(null, null, null, null, List.of());

    private final String id;
    private final String name;
    private final String sampleUrl;
    private final Double sampleSeconds;
    private final List<String> moreSamples;

    private VoiceSelection(String id, String name, String sampleUrl, Double sampleSeconds, List<String> moreSamples) {
        this.id = id;
        this.name = name;
        this.sampleUrl = sampleUrl;
        this.sampleSeconds = sampleSeconds;
        this.moreSamples = moreSamples;
    }

    /** No voice chosen: the provider speaks with its default. */
    public static VoiceSelection none() {
        return NONE;
    }

    /** A voice chosen by the engine's id ({@code en-us}, {@code en-US-Neural2-D}). */
    public static VoiceSelection ofId(String id) {
        return NONE.withId(id);
    }

    public VoiceSelection withId(String newId) {
        return new VoiceSelection(given(newId, "id"), name, sampleUrl, sampleSeconds, moreSamples);
    }

    public VoiceSelection withName(String newName) {
        return new VoiceSelection(id, given(newName, "name"), sampleUrl, sampleSeconds, moreSamples);
    }

    /** A reference sample of unknown length. */
    public VoiceSelection withSample(String url) {
        return new VoiceSelection(id, name, given(url, "url"), null, moreSamples);
    }

    /**
     * A reference sample and its length in seconds.
     *
     * @throws IllegalArgumentException when the length is not a finite number of seconds, 0 or more
     */
    public VoiceSelection withSample(String url, double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException("a sample's length must be a finite number of seconds, got " + seconds);
        }
        String u = given(url, "url");
        return new VoiceSelection(id, name, u, u == null ? null : seconds, moreSamples);
    }

    /** Further reference samples after the main one (blank ones dropped), for engines that use several. */
    public VoiceSelection withMoreSamples(List<String> urls) {
        List<String> kept = urls.stream().map(u -> given(u, "url")).filter(Objects::nonNull).toList();
        return new VoiceSelection(id, name, sampleUrl, sampleSeconds, kept);
    }

    /** The engine's voice id, when the personality gave one. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The voice's name, when the personality gave one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** Where the reference sample is (a URL or a file path), for providers that clone a voice. */
    public Optional<String> sampleUrl() {
        return Optional.ofNullable(sampleUrl);
    }

    /** The reference sample's length in seconds, when known. */
    public Optional<Double> sampleDuration() {
        return Optional.ofNullable(sampleSeconds);
    }

    /** Every reference sample: the main one first, then the further ones; empty when none is set. */
    public List<String> samples() {
        List<String> all = new ArrayList<>();
        sampleUrl().ifPresent(all::add);
        all.addAll(moreSamples);
        return List.copyOf(all);
    }

    private static String given(String value, String what) {
        Objects.requireNonNull(value, what);
        return value.isBlank() ? null : value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoiceSelection v && Objects.equals(v.id, id) && Objects.equals(v.name, name)
                && Objects.equals(v.sampleUrl, sampleUrl) && Objects.equals(v.sampleSeconds, sampleSeconds)
                && v.moreSamples.equals(moreSamples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, sampleUrl, sampleSeconds, moreSamples);
    }

    /** Shows how many samples are set, never their URLs: a signed URL carries a credential. */
    @Override
    public String toString() {
        return "VoiceSelection[id=" + id().orElse("") + ", name=" + name().orElse("") + ", sample="
                + samples().size() + "]";
    }
}
