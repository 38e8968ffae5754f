package io.voicerouter.samples;

import io.voicerouter.audio.WavCodec;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.Resampler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.voicerouter.audio.AudioData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrated loudness against ffmpeg's ebur128 filter (libavfilter's BS.1770 implementation).
 * Skipped only when no ffmpeg is on the PATH; CI installs Debian's ffmpeg.
 */
class LoudnessReferenceTest {
    private static final Pattern INTEGRATED = Pattern.compile("I:\\s+(-?[0-9.]+) LUFS");
    private static final Pattern RANGE = Pattern.compile("LRA:\\s+(-?[0-9.]+) LU");
    private static boolean ffmpeg;

    @TempDir
    Path dir;

    @BeforeAll
    static void findFfmpeg() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ffmpeg = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            ffmpeg = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ffmpeg = false;
        }
    }

    @Test
    void speechAt22kHz() throws Exception {
        compare("exit.wav", Fixtures.bytes("exit.wav"));
        compare("joined_22k.wav", Fixtures.bytes("joined_22k.wav"));
    }

    @Test
    void speechAt16kHz() throws Exception {
        compare("starting_16k.wav", Fixtures.bytes("starting_16k.wav"));
    }

    @Test
    void quietSpeechAt48kHz() throws Exception {
        AudioData quiet = Resampler.resample(Fixtures.speech("gpuavailable.wav").toMono(), 48_000).withGain(0.05);
        compare("quiet48k.wav", WavCodec.write(quiet, SampleFormat.PCM_16));
    }

    @Test
    void stereoWithDifferentChannels() throws Exception {
        float[] left = Fixtures.speech("exit.wav").samples();
        float[] right = Fixtures.speech("multispeaker.wav").samples();
        float[] interleaved = new float[2 * left.length];
        for (int i = 0; i < left.length; i++) {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = i < right.length ? 0.5f * right[i] : 0;
        }
        compare("stereo.wav", WavCodec.write(AudioData.of(interleaved, 22_050, 2), SampleFormat.PCM_16));
    }

    private void compare(String name, byte[] wav) throws Exception {
        assumeThat(ffmpeg).as("ffmpeg on PATH").isTrue();
        Path file = dir.resolve(name);
        Files.write(file, wav);
        Process p = new ProcessBuilder("ffmpeg", "-nostats", "-hide_banner", "-i", file.toString(),
                "-af", "ebur128", "-f", "null", "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String summary = out.substring(out.lastIndexOf("Summary:"));
        double reference = value(INTEGRATED, summary);
        double referenceRange = value(RANGE, summary);
        Loudness ours = Loudness.measure(SampleDecoder.decode(wav).audio());
        System.out.printf(Locale.ROOT, "%s: ours %.2f LUFS / LRA %.2f, ffmpeg %.1f LUFS / LRA %.1f%n", name,
                ours.integrated(), ours.range(), reference, referenceRange);
        assertThat(ours.integrated()).as(name + " integrated loudness").isCloseTo(reference, Offset.offset(0.5));
        assertThat(ours.range()).as(name + " loudness range").isCloseTo(referenceRange, Offset.offset(1.0));
    }

    private static double value(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as("ffmpeg summary has " + pattern).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
