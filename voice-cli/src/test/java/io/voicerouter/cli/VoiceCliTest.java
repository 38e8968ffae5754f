package io.voicerouter.cli;

import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.WavCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the real CLI in-process with the real espeak provider (CI installs libespeak-ng1). */
class VoiceCliTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void saySpeaksIntoAWavFileAndPrintsTheTrace() throws Exception {
        Path wav = dir.resolve("hello.wav");
        CliRun r = run("say", "Hello from voicerouter.", "-o", wav.toString(), "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        DecodedWav decoded = WavCodec.read(wav);
        assertThat(decoded.audio().sampleRate()).isEqualTo(22050);
        assertThat(decoded.audio().durationSeconds()).isBetween(0.5, 5.0);
        assertThat(decoded.audio().rms()).isGreaterThan(0.01);
        assertThat(r.out()).contains("from espeak").contains("1. espeak").contains("ok in");

        CliRun stats = run("stats", "--data-dir", dir.toString());
        assertThat(stats.exit()).isZero();
        assertThat(stats.out()).contains("eSpeak NG").contains("100%");
    }

    @Test
    void sayStreamWritesAsItGoesAndPrintsTheTimeToFirstAudio() throws Exception {
        Path wav = dir.resolve("streamed.wav");
        CliRun r = run("say", "First sentence here. And a second one.", "--stream", "-o", wav.toString(),
                "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("first audio after \\d+ ms").contains("from espeak").contains("1. espeak");
        DecodedWav decoded = WavCodec.read(wav);
        assertThat(decoded.audio().sampleRate()).isEqualTo(22050);
        assertThat(decoded.audio().durationSeconds()).isBetween(1.0, 8.0);
        assertThat(decoded.audio().rms()).isGreaterThan(0.01);

        CliRun stats = run("stats", "--data-dir", dir.toString());
        assertThat(stats.out()).contains("First Audio");
    }

    @Test
    void sayStreamToStandardOutputKeepsTheReportOnStandardError() {
        CliRun r = run("say", "Piped out.", "--stream", "-o", "-", "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("RIFF");
        assertThat(r.err()).contains("Streamed to standard output").containsPattern("first audio after \\d+ ms");
    }

    @Test
    void fallbackIsPrintedInTheTrace() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"active_provider": "google_tts",
                 "providers": {"google_tts": {"enabled": true}, "espeak": {"enabled": true}},
                 "fallback_chain": ["espeak"]}
                """);
        Path wav = dir.resolve("fallback.wav");
        CliRun r = run("say", "Fallback works.", "--config", config.toString(), "-o", wav.toString(),
                "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("1. google_tts").contains("2. espeak").contains("from espeak");
        assertThat(Files.size(wav)).isGreaterThan(1000);
    }

    @Test
    void allProvidersFailingIsAClearErrorWithTheTrace() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": false}}}
                """);
        Path wav = dir.resolve("none.wav");
        CliRun r = run("say", "Nobody speaks.", "--config", config.toString(), "-o", wav.toString(),
                "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no provider could speak").contains("espeak").contains("disabled");
        assertThat(wav).doesNotExist();
    }

    @Test
    void providersListsTheInstalledProviders() {
        CliRun r = run("providers", "--settings", "--data-dir", dir.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("espeak").contains("google_tts").contains("azure_tts").contains("ibm_watson")
                .contains("rate").contains("80 .. 450");
    }

    @Test
    void configValidateListsEveryProblem() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"active_provider": "espeak",
                 "providers": {"espeak": {"enabled": false, "settings": {"rate": 9000}},
                               "nonsense": {"enabled": true}},
                 "languages": {"primary": "english!", "supported": []}}
                """);
        CliRun r = run("config", "validate", bad.toString(), "--data-dir", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("providers.espeak.settings.rate").contains("nonsense")
                .contains("languages.primary").contains("invalid");

        Path example = Path.of("..", "examples", "personality-voice-config.json");
        CliRun ok = run("config", "validate", example.toString(), "--data-dir", dir.toString());
        assertThat(ok.exit()).as(ok.out()).isZero();
    }

    @Test
    void unknownProviderIsATypedErrorNotAStackTrace() {
        CliRun r = run("say", "Hi.", "--provider", "nope", "-o", dir.resolve("x.wav").toString(),
                "--data-dir", dir.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nope").doesNotContain("\tat ");
    }

    @Test
    void sampleCheckPrintsTheQualityReport() throws Exception {
        Path wav = dir.resolve("sample.wav");
        CliRun say = run("say", "This is a short recording of a test voice for the sample checker.", "-o", wav.toString(),
                "--data-dir", dir.toString());
        assertThat(say.exit()).isZero();
        CliRun r = run("sample", "check", wav.toString(), "--provider", "xtts_v2");
        assertThat(r.out()).contains("quality score").contains("SNR").contains("LUFS").contains("xtts_v2")
                .contains("too short").contains("fix:");
        assertThat(r.exit()).as("too short for xtts_v2").isEqualTo(3);

        CliRun json = run("sample", "check", wav.toString(), "--json");
        assertThat(json.out()).contains("\"quality_score\"");
    }
}
