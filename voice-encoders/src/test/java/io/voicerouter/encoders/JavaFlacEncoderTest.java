package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The pure-Java FLAC encoder: ffmpeg decodes every sample back exactly, and the MD5 in STREAMINFO matches. */
class JavaFlacEncoderTest {
    private static final AudioEncoders JAVA_FLAC = AudioEncoders.of(List.of(new JavaFlacEncoder()));
    private static boolean tools;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTools() {
        tools = Decoded.toolsPresent();
    }

    @Test
    void monoSpeechDecodesExactlyWithTheRightMd5() throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = Speech.mono22k();
        byte[] flac = JAVA_FLAC.encode(speech, EncoderSettings.of(OutputFormat.FLAC));
        exact(speech, Decoded.of(flac, "flac", List.of(), dir));
        byte[] md5 = MessageDigest.getInstance("MD5").digest(WavCodec.samples(speech, SampleFormat.PCM_16));
        assertThat(Arrays.copyOfRange(flac, 26, 42)).isEqualTo(md5);
        byte[] wav = WavCodec.write(speech, SampleFormat.PCM_16);
        System.out.printf("java-flac: %d bytes, 16-bit WAV %d bytes%n", flac.length, wav.length);
        assertThat(flac.length).isLessThan(wav.length * 3 / 4);
    }

    @Test
    void stereoAt48kHzWithSilenceDecodesExactly() throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = AudioData.silence(java.time.Duration.ofMillis(300), 48000, 2).concat(Speech.stereo48k());
        exact(speech, Decoded.of(JAVA_FLAC.encode(speech, EncoderSettings.of(OutputFormat.FLAC)), "flac", List.of(), dir));
    }

    @Test
    void aStreamInUnevenChunksDecodesToTheSameSamples() throws Exception {
        assumeThat(tools).as("ffmpeg and ffprobe on PATH").isTrue();
        AudioData speech = Speech.mono22k();
        for (int level : new int[] {0, 5, 12}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (StreamingEncoder stream = JAVA_FLAC.stream(
                    EncoderSettings.builder(OutputFormat.FLAC).compressionLevel(level).build(), out)) {
                Speech.chunks(speech).forEach(stream::accept);
                stream.finish();
            }
            exact(speech, Decoded.of(out.toByteArray(), "flac", List.of(), dir));
        }
    }

    private static void exact(AudioData input, Decoded decoded) {
        assertThat(decoded.codec()).isEqualTo("flac");
        assertThat(decoded.sampleRate()).isEqualTo(input.sampleRate());
        assertThat(decoded.channels()).isEqualTo(input.channels());
        assertThat(decoded.audio().frames()).isEqualTo(input.frames());
        AudioData expected = WavCodec.read(WavCodec.write(input, SampleFormat.PCM_16)).audio();
        assertThat(decoded.audio().samples()).isEqualTo(expected.samples());
    }
}
