package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncodeSpec;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.espeak.EspeakProvider;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Encoded bytes leave while synthesis goes on, and a real provider's stream encodes end to end. */
class StreamingTest {
    private static boolean tools;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTools() {
        tools = Decoded.toolsPresent();
    }

    /**
     * After the first second of audio the output holds encoded audio, not only a header: a client
     * can start playing before the rest is synthesized. ffmpeg runs as its own process, so its first
     * bytes are awaited (at most 20 s on a loaded machine) before the last chunk is sent.
     */
    @ParameterizedTest
    @EnumSource(value = OutputFormat.class, names = {"WAV", "PCM", "MULAW", "MP3", "OPUS", "AAC", "FLAC"})
    void encodedAudioLeavesBeforeTheLastChunkExists(OutputFormat format) throws Exception {
        AudioEncoders encoders = AudioEncoders.installed();
        assumeThat(encoders.canEncode(format)).as(format + " encoder present").isTrue();
        AudioData speech = Speech.mono22k();
        AudioData firstSecond = AudioData.of(java.util.Arrays.copyOf(speech.samples(), 22050), 22050, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamingEncoder stream = encoders.stream(EncoderSettings.of(format), out)) {
            stream.accept(firstSecond);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (out.size() < 1000 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(out.size()).as(format + " bytes out after the first of two chunks (" + stream.encoder().id() + ")")
                    .isGreaterThanOrEqualTo(1000);
            stream.accept(AudioData.of(java.util.Arrays.copyOfRange(speech.samples(), 22050, speech.frames()), 22050, 1));
            stream.finish();
        }
    }

    /** ffmpeg's libopus path, which a program gets by preferring ffmpeg, decodes like the Java one. */
    @Test
    void opusThroughFfmpegAlsoDecodesToTheExactLength() throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioEncoders ffmpegOnly = AudioEncoders.of(List.of(new FfmpegEncoder()));
        AudioData speech = Speech.mono22k();
        EncoderSettings settings = EncoderSettings.of(OutputFormat.OPUS);
        EncodeSpec spec = settings.specFor(22050, 1);
        AudioData reference = Speech.asEncoded(speech, spec);
        Decoded whole = Decoded.of(ffmpegOnly.encode(speech, settings), "opus", List.of(), dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StreamingEncoder stream = ffmpegOnly.stream(settings, out)) {
            Speech.chunks(speech).forEach(stream::accept);
            stream.finish();
        }
        Decoded streamed = Decoded.of(out.toByteArray(), "opus", List.of(), dir);
        for (Decoded d : List.of(whole, streamed)) {
            assertThat(d.sampleRate()).isEqualTo(48000);
            assertThat(d.audio().frames()).isEqualTo(reference.frames());
            assertThat(d.bestCorrelation(reference, 960)[0]).isGreaterThanOrEqualTo(0.97);
        }
    }

    /**
     * espeak-ng's streaming synthesis, sentence by sentence, straight into Ogg Opus: the stream
     * decodes to the whole result's length at 48 kHz, and its first pages went out with the first chunk.
     */
    @Test
    void aProvidersStreamingSynthesisEncodesAsItSpeaks() throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        try (EspeakProvider espeak = new EspeakProvider()) {
            espeak.initialize();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= 12; i++) {
                text.append("This is sentence number ").append(i).append(", and it is spoken on its own. ");
            }
            SynthesisRequest request = SynthesisRequest.of(text.toString(), "en", ProviderConfig.enabledDefault().voice(),
                    Settings.resolve(espeak.capabilities().settings(), Map.of("rate", 450)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> bytesBeforeEachChunk = new ArrayList<>();
            SynthesisOutput result;
            EncoderSettings settings = EncoderSettings.of(OutputFormat.OPUS);
            try (StreamingEncoder opus = AudioEncoders.installed().stream(settings, out)) {
                AudioEncoder encoder = opus.encoder();
                assertThat(encoder.id()).isEqualTo("java-opus");
                result = espeak.synthesizeStreaming(request, chunk -> {
                    bytesBeforeEachChunk.add(out.size());
                    opus.accept(chunk);
                });
                opus.finish();
            }
            assertThat(bytesBeforeEachChunk).hasSizeGreaterThan(1);
            assertThat(bytesBeforeEachChunk.get(1)).as("audio pages out before the second chunk")
                    .isGreaterThan(bytesBeforeEachChunk.get(0) + 100);
            AudioData reference = Speech.asEncoded(result.audio(), settings.specFor(result.audio().sampleRate(), 1));
            Decoded decoded = Decoded.of(out.toByteArray(), "opus", List.of(), dir);
            assertThat(decoded.audio().frames()).isEqualTo(reference.frames());
            assertThat(decoded.bestCorrelation(reference, 960)[0]).isGreaterThanOrEqualTo(0.97);
        }
    }
}
