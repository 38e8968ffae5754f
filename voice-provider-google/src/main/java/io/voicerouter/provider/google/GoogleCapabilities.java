package io.voicerouter.provider.google;

import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.SettingSpec;

import java.util.List;

/** What the provider tells hosts before it has read the service's voice list. */
final class GoogleCapabilities {
    /** The seed's list, until the service's own voice list has been read. */
    static final List<String> SEED_LANGUAGES = List.of(
            "en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar", "zh", "ja", "ko", "hi",
            "bn", "ta", "te", "mr", "gu", "pa", "ur", "vi", "th", "id", "ms", "fil", "sw", "zu", "yo", "ha");

    static final List<SettingSpec> SETTINGS = List.of(
            SettingSpec.text("voice_name", "Voice, e.g. en-US-Neural2-D; overrides the entry's voice_name", ""),
            SettingSpec.number("pitch", "Pitch shift in semitones", -20.0, 20.0, 0.0),
            SettingSpec.number("speaking_rate", "Speaking rate; 1.0 is normal speed", 0.25, 4.0, 1.0),
            SettingSpec.number("volume_gain_db", "Volume gain in dB", -96.0, 16.0, 0.0));

    static final ProviderCapabilities BASE = ProviderCapabilities.builder(GoogleTtsProvider.ID)
            .displayName("Google Cloud TTS")
            .kind(ProviderKind.CLOUD)
            .languages(SEED_LANGUAGES)
            .textLimit(SynthesisPlanner.TEXT_LIMIT)
            .sampleRate(GoogleTtsProvider.DEFAULT_SAMPLE_RATE)
            .settings(SETTINGS)
            .build();

    private GoogleCapabilities() {
    }
}
