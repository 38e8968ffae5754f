package io.voicerouter.espeak;

import io.voicerouter.config.ConfigProblem;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.ValidationReport;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.config.VoiceConfigValidator;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Voice names and variants are checked against what espeak-ng lists before any of them reaches the
 * library: a variant of 37 or more characters overflowed a 40-byte buffer in libespeak-ng and
 * aborted the JVM; unknown variants were silently ignored; {@code config validate} called both valid.
 */
class EspeakVoiceNameTest {
    private static final String LONG_VARIANT = "en+" + "x".repeat(37);
    private static final String VERY_LONG_VARIANT = "en-us+" + "f".repeat(500);
    private static EspeakProvider provider;

    @BeforeAll
    static void start() {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
        provider = new EspeakProvider(ProviderContext.defaults());
        provider.initialize();
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    /** In a child JVM, so that a regression aborts the child rather than this test run. */
    @Test
    void overlongVariantsAreRefusedAsBadInputInsteadOfAbortingTheProcess(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VoiceNameMain.class.getName(), LONG_VARIANT, VERY_LONG_VARIANT, "en+" + "x".repeat(36), "en-us+f3")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        List<String> lines = output.lines().filter(l -> !l.contains(" INFO ")).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            expected.add("setting ProviderException BAD_INPUT");
            expected.add("voice_id ProviderException BAD_INPUT");
            expected.add("phonemizer EspeakVoiceNotFoundException");
        }
        expected.addAll(List.of("setting ok", "voice_id ok", "phonemizer ok", "done"));
        assertThat(lines).containsExactlyElementsOf(expected);
    }

    @Test
    void unknownShortVariantIsBadInputNamingTheVariant() {
        assertThatThrownBy(() -> provider.synthesize(request(Map.of("voice", "en-us+nosuchvariant"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                    assertThat(e.getMessage()).contains("variant 'nosuchvariant'");
                });
    }

    @Test
    void listedVariantsAndNumberedVariantsAreAccepted() {
        assertThat(provider.synthesize(request(Map.of("voice", "en-us+klatt"))).audio().frames()).isPositive();
        // Variant names are file names; a different case picks the same file.
        assertThat(provider.synthesize(request(Map.of("voice", "en-us+F3"))).metadata()).containsEntry("voice", "en-us+F3");
        assertThat(provider.synthesize(request(Map.of("voice", "de+13"))).audio().frames()).isPositive();
        assertThatThrownBy(() -> provider.synthesize(request(Map.of("voice", "de+10"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
    }

    @Test
    void namesWithCharactersNoVoiceHasAreRefused() {
        for (String voice : List.of("en\0us", "../../etc/passwd", "en+../../x", "en+f3+f4", "en%s%s%n", "é")) {
            assertThatThrownBy(() -> provider.synthesize(request(Map.of("voice", voice))))
                    .as(voice)
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT));
        }
    }

    @Test
    void aMegabyteVoiceNameIsRefusedWithAShortMessage() {
        String huge = "en+" + "x".repeat(1_000_000);
        assertThatThrownBy(() -> provider.synthesize(request(Map.of("voice", huge))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
                    assertThat(e.getMessage()).hasSizeLessThan(300).contains("at most " + EspeakVoices.MAX_VOICE_BYTES);
                });
    }

    @Test
    void configValidateRunsEspeaksOwnVoiceChecks(@TempDir Path dir) throws IOException {
        VoiceConfig config = VoiceConfigJson.read("""
                {"active_provider": "espeak",
                 "providers": {"espeak": {"enabled": true, "voice_id": "%s", "settings": {"voice": "en-us+nosuch"}}}}
                """.formatted(LONG_VARIANT));
        ValidationReport report = VoiceConfigValidator.validate(config, List.of(provider));
        assertThat(report.errors()).extracting(ConfigProblem::path).containsExactly("providers.espeak.settings.voice");
        assertThat(report.errors().get(0).message()).contains("variant 'nosuch'");

        VoiceConfig byId = VoiceConfigJson.read("""
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": true, "voice_id": "%s"}}}
                """.formatted(LONG_VARIANT));
        ValidationReport idReport = VoiceConfigValidator.validate(byId, List.of(provider));
        assertThat(idReport.errors()).extracting(ConfigProblem::path).containsExactly("providers.espeak.voice_id");

        VoiceConfig good = VoiceConfigJson.read("""
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": true, "settings": {"voice": "fr-fr+f3"}}}}
                """);
        assertThat(VoiceConfigValidator.validate(good, List.of(provider)).isValid()).isTrue();
    }

    @Test
    void tooLongDataDirectoryIsRefusedBeforeReachingTheLibrary() {
        Path deep = Path.of("/tmp", "d".repeat(EspeakLoader.MAX_DATA_PATH_BYTES));
        assertThatThrownBy(() -> EspeakLoader.load(deep))
                .isInstanceOf(EspeakUnavailableException.class).hasMessageContaining("longer than");
    }

    private static SynthesisRequest request(Map<String, Object> settings) {
        return SynthesisRequest.of("Hello.", "en", ProviderConfig.enabledDefault().voice(),
                Settings.resolve(provider.capabilities().settings(), settings));
    }
}
