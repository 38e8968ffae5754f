package io.voicerouter.encoders;

import io.voicerouter.audio.AudioData;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encode.StreamingEncoder;
import io.voicerouter.error.AudioEncodingException;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.error.EncoderUnavailableException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class AudioEncodersTest {
    private static final String NO_FFMPEG = "/nonexistent/bin/ffmpeg";
    private static boolean tools;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTools() {
        tools = Decoded.toolsPresent();
    }

    @Test
    void serviceLoaderFindsTheEncodersInPriorityOrder() {
        AudioEncoders installed = AudioEncoders.installed();
        assertThat(installed.encoders()).extracting(AudioEncoder::id).containsExactly("java-pcm", "java-opus", "ffmpeg", "java-flac");
        assertThat(installed.encoderFor(OutputFormat.WAV).id()).isEqualTo("java-pcm");
        assertThat(installed.encoderFor(OutputFormat.OPUS).id()).isEqualTo("java-opus");
        assumeThat(tools).as("ffmpeg on PATH").isTrue();
        assertThat(installed.encoderFor(OutputFormat.MP3).id()).isEqualTo("ffmpeg");
        assertThat(installed.canEncode(OutputFormat.FLAC)).isTrue();
    }

    @Test
    void withoutFfmpegTheErrorSaysWhatToInstallAndOpusAndFlacStillWorkInJava() {
        AudioEncoders encoders = AudioEncoders.of(List.of(new PcmEncoder(), new JavaOpusEncoder(),
                new FfmpegEncoder(NO_FFMPEG), new JavaFlacEncoder()));
        AudioData speech = Speech.mono22k();
        assertThat(encoders.encoderFor(OutputFormat.FLAC).id()).isEqualTo("java-flac");
        AudioEncoders ffmpegOnly = AudioEncoders.of(List.of(new FfmpegEncoder(NO_FFMPEG)));
        assertThatThrownBy(() -> ffmpegOnly.encode(speech, EncoderSettings.of(OutputFormat.FLAC)))
                .isInstanceOf(EncoderUnavailableException.class).hasMessageContaining("apt-get install ffmpeg");
        for (OutputFormat f : List.of(OutputFormat.MP3, OutputFormat.AAC)) {
            assertThat(encoders.canEncode(f)).isFalse();
            assertThatThrownBy(() -> encoders.encode(speech, EncoderSettings.of(f)))
                    .isInstanceOfSatisfying(EncoderUnavailableException.class, e -> {
                        assertThat(e.format()).isEqualTo(f.id());
                        assertThat(e.getMessage()).contains("Cannot encode " + f.id(), NO_FFMPEG,
                                "apt-get install ffmpeg", "voicerouter.ffmpeg");
                    });
        }
        byte[] opus = encoders.encode(speech, EncoderSettings.of(OutputFormat.OPUS));
        assertThat(new String(opus, 28, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
    }

    @Test
    void theFfmpegPathComesFromTheSystemProperty() {
        String before = System.getProperty("voicerouter.ffmpeg");
        System.setProperty("voicerouter.ffmpeg", NO_FFMPEG);
        try {
            FfmpegEncoder ffmpeg = new FfmpegEncoder();
            assertThat(ffmpeg.executable()).isEqualTo(NO_FFMPEG);
            assertThat(ffmpeg.missing(OutputFormat.MP3)).hasValueSatisfying(m -> assertThat(m).contains(NO_FFMPEG));
        } finally {
            if (before == null) {
                System.clearProperty("voicerouter.ffmpeg");
            } else {
                System.setProperty("voicerouter.ffmpeg", before);
            }
        }
    }

    @Test
    void aMissingEncoderFailsBeforeTheStreamStartsAndBeforeTheFileIsTouched() throws Exception {
        AudioEncoders encoders = AudioEncoders.of(List.of(new FfmpegEncoder(NO_FFMPEG)));
        assertThatThrownBy(() -> encoders.stream(EncoderSettings.of(OutputFormat.MP3), new ByteArrayOutputStream()))
                .isInstanceOf(EncoderUnavailableException.class);
        Path file = dir.resolve("old.mp3");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> encoders.encode(Speech.mono22k(), EncoderSettings.of(OutputFormat.MP3), file))
                .isInstanceOf(EncoderUnavailableException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aFormatNoEncoderKnowsNamesTheModuleToAdd() {
        assertThatThrownBy(() -> AudioEncoders.of(List.of()).encoderFor(OutputFormat.WAV))
                .isInstanceOf(EncoderUnavailableException.class).hasMessageContaining("voice-encoders");
    }

    @Test
    void anFfmpegBuildWithoutTheCodecIsNamed() throws Exception {
        Path fake = script("ffmpeg-no-lame", "echo ' A....D flac                 FLAC (Free Lossless Audio Codec)'");
        FfmpegEncoder ffmpeg = new FfmpegEncoder(fake.toString());
        assertThat(ffmpeg.missing(OutputFormat.FLAC)).isEmpty();
        assertThat(ffmpeg.missing(OutputFormat.MP3)).hasValueSatisfying(m -> assertThat(m).contains("libmp3lame"));
    }

    @Test
    void anFfmpegThatFailsGivesItsOwnMessageAndLeavesTheFileAlone() throws Exception {
        Path fake = script("ffmpeg-broken", """
                case "$*" in
                  *-encoders*) echo ' A....D libmp3lame           libmp3lame MP3 (codec mp3)' ;;
                  *) cat > /dev/null; echo 'Unknown encoder settings: boom' >&2; exit 3 ;;
                esac""");
        AudioEncoders encoders = AudioEncoders.of(List.of(new FfmpegEncoder(fake.toString())));
        Path file = dir.resolve("speech.mp3");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> encoders.encode(Speech.mono22k(), EncoderSettings.of(OutputFormat.MP3), file))
                .isInstanceOf(AudioEncodingException.class).hasMessageContaining("exit 3").hasMessageContaining("boom");
        assertThat(Files.readString(file)).isEqualTo("old");
        StreamingEncoder stream = encoders.stream(EncoderSettings.of(OutputFormat.MP3), new ByteArrayOutputStream());
        stream.accept(Speech.mono22k());
        assertThatThrownBy(stream::finish).isInstanceOf(AudioEncodingException.class).hasMessageContaining("boom");
        stream.close();
    }

    @Test
    void aChunkAtAnotherRateIsATypedError() {
        try (StreamingEncoder stream = AudioEncoders.installed().stream(EncoderSettings.of(OutputFormat.OPUS),
                new ByteArrayOutputStream())) {
            stream.accept(AudioData.mono(new float[2205], 22050));
            assertThatThrownBy(() -> stream.accept(AudioData.mono(new float[2400], 24000)))
                    .isInstanceOf(AudioFormatException.class).hasMessageContaining("24000 Hz");
        }
    }

    @Test
    void aWholeClipGoesToAFileAtomically() throws Exception {
        Path file = dir.resolve("speech.wav");
        Files.writeString(file, "old");
        AudioEncoders.installed().encode(Speech.mono22k(), EncoderSettings.of(OutputFormat.WAV), file);
        assertThat(io.voicerouter.audio.WavCodec.read(file).audio().frames()).isEqualTo(Speech.mono22k().frames());
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }
}
