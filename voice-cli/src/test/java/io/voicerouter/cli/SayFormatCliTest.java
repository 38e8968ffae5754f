package io.voicerouter.cli;

import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** {@code voice say -o FILE}: the extension picks the format, {@code --format} overrides it. */
class SayFormatCliTest {
    @TempDir
    Path dir;

    @Test
    void theExtensionPicksTheFormat() throws Exception {
        assumeThat(ffprobe("-version")).isNotNull();
        Path mp3 = dir.resolve("hello.mp3");
        CliRun r = CliRun.of("say", "Hello in MP3.", "-o", mp3.toString(), "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("(mp3)");
        assertThat(ffprobe("-v", "error", "-show_entries", "stream=codec_name,sample_rate", "-of", "csv=p=0",
                mp3.toString())).isEqualTo("mp3,22050");
    }

    @Test
    void formatOverridesTheExtension() throws Exception {
        Path file = dir.resolve("speech.wav");
        CliRun r = CliRun.of("say", "Hello in Opus.", "-o", file.toString(), "--format", "opus",
                "--bitrate", "24", "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("OggS");
        assertThat(new String(bytes, 28, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
    }

    @Test
    void aWavSampleFormatStillMeansWav() {
        Path file = dir.resolve("speech.wav");
        CliRun r = CliRun.of("say", "Hello.", "-o", file.toString(), "--format", "PCM_24", "--data-dir", dir.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(WavCodec.read(file).format()).isEqualTo(SampleFormat.PCM_24);
    }

    @Test
    void anUnknownExtensionOrABadBitrateIsAClearErrorBeforeAnySynthesis() {
        CliRun unknown = CliRun.of("say", "Hello.", "-o", dir.resolve("speech.xyz").toString(), "--data-dir", dir.toString());
        assertThat(unknown.exit()).isEqualTo(ErrorHandler.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("Cannot tell the audio format from 'speech.xyz'").contains("--format");
        CliRun bitrate = CliRun.of("say", "Hello.", "-o", dir.resolve("speech.mp3").toString(), "--bitrate", "999",
                "--data-dir", dir.toString());
        assertThat(bitrate.exit()).isEqualTo(ErrorHandler.EXIT_BAD_INPUT);
        assertThat(bitrate.err()).contains("8-320");
        assertThat(dir.resolve("speech.mp3")).doesNotExist();
    }

    private static String ffprobe(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "ffprobe";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
