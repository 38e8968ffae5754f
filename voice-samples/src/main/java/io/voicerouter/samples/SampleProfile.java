package io.voicerouter.samples;

import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.AudioData;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SampleRequirements;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cloning provider needs from a reference sample: the duration range (from the seed, or
 * from the installed provider's {@link ProviderCapabilities#sampleRequirements()}) and the sample
 * rates its conditioning encoders take.
 */
public record SampleProfile(String providerId, SampleRequirements requirements, List<Integer> sampleRates) {
    /** XTTS v2: 6-30 s, best 15-20 s; conditioning at 22.05 kHz (GPT latents) and 16 kHz (speaker encoder). */
    public static final SampleProfile XTTS_V2 =
            new SampleProfile("xtts_v2", new SampleRequirements(6, 15, 20, 30), List.of(22_050, 16_000));
    /** StyleTTS2: 3-10 s, best 5-8 s; style encoder at 24 kHz. */
    public static final SampleProfile STYLETTS2 =
            new SampleProfile("styletts2", new SampleRequirements(3, 5, 8, 10), List.of(24_000));

    private static final Map<String, SampleProfile> KNOWN =
            Map.of(XTTS_V2.providerId, XTTS_V2, STYLETTS2.providerId, STYLETTS2);

    public SampleProfile {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(requirements, "requirements");
        sampleRates = List.copyOf(sampleRates);
        if (sampleRates.isEmpty() || sampleRates.stream().anyMatch(r -> r <= 0)) {
            throw new IllegalArgumentException(providerId + ": need at least one positive sample rate");
        }
    }

    /** The seed's profile for a provider id ({@code xtts_v2}, {@code styletts2}). */
    public static Optional<SampleProfile> known(String providerId) {
        return Optional.ofNullable(KNOWN.get(providerId));
    }

    /** Every profile the seed defines, XTTS v2 first. */
    public static List<SampleProfile> defaults() {
        return List.of(XTTS_V2, STYLETTS2);
    }

    /**
     * The profile an installed provider declares: its own duration range; the seed's conditioning
     * rates for a known id, else the provider's native output rate. Empty for providers that do not
     * clone voices.
     */
    public static Optional<SampleProfile> of(ProviderCapabilities capabilities) {
        return capabilities.sampleRequirements().map(req -> new SampleProfile(capabilities.id(), req,
                known(capabilities.id()).map(SampleProfile::sampleRates)
                        .orElse(List.of(capabilities.sampleRate()))));
    }

    /**
     * The audio this provider conditions on: mono, band-limited resampled to each of
     * {@link #sampleRates()}, keyed by rate in that order.
     */
    public Map<Integer, AudioData> prepare(AudioData audio) {
        Map<Integer, AudioData> out = new LinkedHashMap<>();
        for (int rate : sampleRates) {
            out.put(rate, Resampler.resample(audio.toMono(), rate));
        }
        return Collections.unmodifiableMap(out);
    }
}
