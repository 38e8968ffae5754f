package io.voicerouter.config;

import io.voicerouter.config.ConfigProblem.Severity;
import io.voicerouter.error.InvalidConfigException;
import io.voicerouter.language.Languages;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SampleRequirements;
import io.voicerouter.spi.SettingSpec;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class VoiceConfigValidatorTest {
    /** Schemas shaped like the seed's: what the real providers declare. */
    static final ProviderCapabilities PIPER = ProviderCapabilities.builder("piper")
            .languages(Languages.spokenBy("piper"))
            .setting(SettingSpec.number("speed", "Speaking rate", 0.25, 4.0, 1.0))
            .setting(SettingSpec.text("speaker_id", "Speaker of a multi-speaker voice", ""))
            .build();
    static final ProviderCapabilities XTTS = ProviderCapabilities.builder("xtts_v2")
            .languages(Languages.spokenBy("xtts_v2"))
            .sampleRequirements(new SampleRequirements(6, 15, 20, 30))
            .setting(SettingSpec.number("temperature", "", 0.01, 2.0, 0.75))
            .setting(SettingSpec.number("length_penalty", "", 0.0, 10.0, 1.0))
            .setting(SettingSpec.number("repetition_penalty", "", 1.0, 20.0, 5.0))
            .setting(SettingSpec.integer("top_k", "", 1, 200, 50))
            .setting(SettingSpec.number("top_p", "", 0.0, 1.0, 0.85))
            .setting(SettingSpec.number("speed", "", 0.5, 2.0, 1.0))
            .build();
    static final Map<String, ProviderCapabilities> INSTALLED = Map.of("piper", PIPER, "xtts_v2", XTTS);

    @Test
    void theExampleHasNoErrorsOnlyNotesAboutWhatIsNotInstalled() {
        ValidationReport report = VoiceConfigValidator.validate(VoiceConfigJson.read(VoiceConfigJsonTest.EXAMPLE), INSTALLED);

        assertThat(report.isValid()).as(report.toString()).isTrue();
        assertThat(report.problems()).extracting(ConfigProblem::severity, ConfigProblem::path).containsExactly(
                tuple(Severity.WARNING, "providers.styletts2"),
                tuple(Severity.WARNING, "providers.google_tts"),
                tuple(Severity.WARNING, "fallback_chain[1]"),
                tuple(Severity.WARNING, "fallback_chain[3]"));
    }

    @Test
    void aBrokenConfigListsEveryProblemAtOnce() {
        VoiceConfig config = VoiceConfigJson.read("""
                {
                  "active_provider": "google_tts",
                  "providers": {
                    "mystery_tts": {"enabled": true},
                    "google_tts": {"enabled": false},
                    "piper": {"enabled": true, "settings": {"speed": 9.0, "volume": 2, "speaker_id": true}},
                    "xtts_v2": {"enabled": true, "voice_sample_url": "https://x/s.wav", "voice_sample_duration": 45,
                                "supported_languages": ["de", "12"]}
                  },
                  "fallback_chain": ["piper", "nope", "piper"],
                  "languages": {"primary": "english!", "supported": ["en", "e"]},
                  "voice_samples": [{"id": "s1", "url": "u", "duration": -3, "language": "??", "quality_score": 1.5}]
                }
                """);

        ValidationReport report = VoiceConfigValidator.validate(config, INSTALLED);

        List<Tuple> errors = List.of(
                tuple(Severity.ERROR, "providers.mystery_tts"),
                tuple(Severity.ERROR, "providers.piper.settings.speed"),
                tuple(Severity.ERROR, "providers.piper.settings.speaker_id"),
                tuple(Severity.ERROR, "providers.xtts_v2.supported_languages[1]"),
                tuple(Severity.ERROR, "active_provider"),
                tuple(Severity.ERROR, "fallback_chain[1]"),
                tuple(Severity.ERROR, "fallback_chain[2]"),
                tuple(Severity.ERROR, "languages.primary"),
                tuple(Severity.ERROR, "languages.supported[1]"),
                tuple(Severity.ERROR, "voice_samples[0].duration"),
                tuple(Severity.ERROR, "voice_samples[0].language"),
                tuple(Severity.ERROR, "voice_samples[0].quality_score"));
        List<Tuple> warnings = List.of(
                tuple(Severity.WARNING, "providers.google_tts"),
                tuple(Severity.WARNING, "providers.piper.settings.volume"),
                tuple(Severity.WARNING, "providers.xtts_v2.voice_sample_duration"));
        assertThat(report.errors()).hasSize(12);
        assertThat(report.warnings()).hasSize(3);
        assertThat(report.problems()).hasSize(15)
                .extracting(ConfigProblem::severity, ConfigProblem::path)
                .containsExactlyInAnyOrderElementsOf(concat(errors, warnings));
        assertThat(report.at("providers.piper.settings.speed").get(0).message()).contains("between 0.25 and 4");
        assertThat(report.at("providers.xtts_v2.voice_sample_duration").get(0).message()).contains("6 to 30");
        assertThat(report.at("active_provider").get(0).message()).contains("not enabled");

        assertThatThrownBy(() -> VoiceConfigValidator.validateOrThrow(config, INSTALLED))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(15);
                    assertThat(e.getMessage()).contains("12 errors, 3 warnings").contains("fallback_chain[2]");
                });
    }

    @Test
    void anActiveProviderMissingFromProvidersIsAnError() {
        VoiceConfig config = VoiceConfig.singleProvider("piper").withActiveProvider("xtts_v2");
        ValidationReport report = VoiceConfigValidator.validate(config, INSTALLED);
        assertThat(report.errors()).extracting(ConfigProblem::path).containsExactly("active_provider");
    }

    @Test
    void aCloningProviderWithoutASampleAndFallbacksTheRouterWillSkipAreWarnings() {
        VoiceConfig config = VoiceConfig.singleProvider("xtts_v2")
                .withProvider("piper", ProviderConfig.enabledDefault().withEnabled(false))
                .withFallbackChain(List.of("piper", "espeak"));
        ValidationReport report = VoiceConfigValidator.validate(config, INSTALLED);
        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).extracting(ConfigProblem::path)
                .containsExactly("providers.xtts_v2.voice_sample_url", "fallback_chain[0]", "fallback_chain[1]");
    }

    @Test
    void regionalAndLegacyLanguageCodesAreFine() {
        VoiceConfig config = VoiceConfigJson.read("""
                {"active_provider": "piper", "providers": {"piper": {"enabled": true, "supported_languages": ["en-US", "tl"]}},
                 "languages": {"primary": "en_GB", "supported": ["en", "zh-CN", "fil", "iw"]}}
                """);
        ValidationReport report = VoiceConfigValidator.validate(config, INSTALLED);
        assertThat(report.problems()).as(report.toString()).isEmpty();
        assertThat(VoiceConfigValidator.validateOrThrow(config, INSTALLED).problems()).isEmpty();
    }

    @Test
    void negativeStatsAreErrors() {
        VoiceConfig config = VoiceConfig.singleProvider("piper").withStats(Map.of("piper",
                new ProviderUsage(-1, 0, -5, 0, java.util.Optional.empty(), Map.of())));
        assertThat(VoiceConfigValidator.validate(config, INSTALLED).errors()).extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("stats.piper.total_generations", "stats.piper.avg_latency_ms");
    }

    private static List<Tuple> concat(List<Tuple> a, List<Tuple> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
