package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.StreamingEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every format decodes back with ffmpeg at the right rate, channel count and length, close to the
 * audio the encoder was given; and a stream fed in uneven chunks decodes to the same audio as the
 * whole clip, within the same bounds.
 */
class RoundTripTest {
    private static final AudioEncoders ENCODERS = AudioEncoders.installed();
    private static boolean tools;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTools() {
        tools = Decoded.toolsPresent();
    }

    static List<EncoderCase> cases() {
        return EncoderCase.all(22050);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aWholeClipDecodesBackAtTheRightRateChannelsLengthAndFidelity(EncoderCase c) throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = Speech.mono22k();
        EncodeSpec spec = c.settings().specFor(speech.sampleRate(), speech.channels());
        byte[] bytes = ENCODERS.encode(speech, c.settings());
        check(c, spec, Speech.asEncoded(speech, spec), Decoded.of(bytes, c.extension(), c.rawInput(), dir), "whole");
        if (c.settings().format() == io.voicerouter.encode.OutputFormat.FLAC) {
            assertThat(bytes.length).as("flac is smaller than the 16-bit WAV").isLessThan(speech.sampleCount() * 2 * 3 / 4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aStreamDecodesLikeTheWholeClip(EncoderCase c) throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = Speech.mono22k();
        EncodeSpec spec = c.settings().specFor(speech.sampleRate(), speech.channels());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamingEncoder stream = ENCODERS.stream(c.settings(), out)) {
            Speech.chunks(speech).forEach(stream::accept);
            stream.finish();
        }
        Decoded streamed = Decoded.of(out.toByteArray(), c.extension(), c.rawInput(), dir);
        Decoded whole = Decoded.of(ENCODERS.encode(speech, c.settings()), c.extension(), c.rawInput(), dir);
        check(c, spec, Speech.asEncoded(speech, spec), streamed, "streamed");
        check(c, spec, whole.audio(), streamed, "streamed vs whole");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stereoAt48kHzKeepsItsChannelsWhereTheFormatCarriesThemAndIsMixedDownWhereNot(EncoderCase c) throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = Speech.stereo48k();
        EncodeSpec spec = c.settings().specFor(speech.sampleRate(), speech.channels());
        assertThat(spec.channels()).isEqualTo(c.settings().format().maxChannels() >= 2 ? 2 : 1);
        List<String> raw = c.rawInput().isEmpty() || !c.rawInput().contains("s16le") ? c.rawInput()
                : List.of("-f", "s16le", "-ar", "48000", "-ac", "2");
        byte[] bytes = ENCODERS.encode(speech, c.settings());
        check(c, spec, Speech.asEncoded(speech, spec), Decoded.of(bytes, c.extension(), raw, dir), "stereo 48k");
    }

    private static void check(EncoderCase c, EncodeSpec spec, AudioData reference, Decoded decoded, String what) {
        assertThat(decoded.codec()).as(c + " codec").isEqualTo(c.codec());
        assertThat(decoded.sampleRate()).as(c + " rate").isEqualTo(spec.sampleRate());
        assertThat(decoded.channels()).as(c + " channels").isEqualTo(spec.channels());
        double[] corr = decoded.bestCorrelation(reference, c.maxLag());
        System.out.printf(Locale.ROOT, "%-6s %-18s %s: %d frames vs %d, correlation %.6f at lag %d%n", c, what,
                decoded, decoded.audio().frames(), reference.frames(), corr[0], (int) corr[1]);
        assertThat(Math.abs(decoded.audio().frames() - reference.frames())).as(c + " " + what + " length")
                .isLessThanOrEqualTo(c.lengthTolerance());
        assertThat(corr[0]).as(c + " " + what + " correlation").isGreaterThanOrEqualTo(c.minCorrelation());
        if (c.maxError() >= 0) {
            assertThat(decoded.audio().frames()).isEqualTo(reference.frames());
            double worst = 0;
            for (int i = 0; i < reference.sampleCount(); i++) {
                worst = Math.max(worst, Math.abs(reference.sampleAt(i) - decoded.audio().sampleAt(i)));
            }
            assertThat(worst).as(c + " " + what + " largest sample error").isLessThanOrEqualTo(c.maxError());
        }
    }
}
