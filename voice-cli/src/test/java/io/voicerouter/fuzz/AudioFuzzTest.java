package io.voicerouter.fuzz;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.espeak.EspeakProviderFactory;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.samples.DecodedSample;
import io.voicerouter.samples.DecodeLimits;
import io.voicerouter.samples.SampleDecoder;
import io.voicerouter.samples.VoiceSampleAnalyzer;
import io.voicerouter.spi.ProviderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutations of every input format a voice sample can come in: WAV in each sample format the codec
 * knows (made from espeak's real speech) and MPEG layer III. Each mutant goes through the core WAV
 * reader and voice-samples' decoder, and some through the whole quality analysis that
 * {@code voice sample check} runs (decoding, loudness, Silero VAD, noise): audio or a
 * VoiceException, in bounded time, with sane audio when it decodes.
 */
class AudioFuzzTest {
    private static final int MUTANTS = 110;
    /** The header fields a WAV parser decides on, as offsets of the canonical 44-byte header. */
    private static final int[] WAV_FIELDS_32 = {4, 16, 24, 28, 40};
    private static final int[] WAV_FIELDS_16 = {20, 22, 32, 34};
    private static final long[] INTERESTING = {0, 1, 2, 3, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFFL, 0x80000000L,
            0xFFFFFFFFL, 0xFFFFFFFEL, 44, 45};

    @TempDir
    static Path dir;
    private static Fuzz.FileGuard guard;
    private static VoiceSampleAnalyzer analyzer;
    private static AudioData speech;
    private static int analyzed;

    @BeforeAll
    static void start() {
        guard = Fuzz.FileGuard.ofRepositoryAndHome();
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(new EspeakProviderFactory()
                .create(ProviderContext.builder().dataDirectory(dir.resolve("data")).build()))).build()) {
            speech = router.synthesize(SpeechRequest.of("The quick brown fox jumps over the lazy dog.",
                    VoiceConfig.singleProvider("espeak"))).audio();
        }
        analyzer = VoiceSampleAnalyzer.create();
    }

    @AfterAll
    static void stop() {
        if (analyzer != null) {
            analyzer.close();
            assertThat(analyzed).as("some mutants decode and are analyzed in full").isPositive();
        }
        guard.assertUnchanged();
    }

    @Test
    void mutatedWavInEverySampleFormat() {
        Random r = new Random(7);
        for (SampleFormat format : SampleFormat.values()) {
            byte[] wav = WavCodec.write(speech, format);
            String name = "WAV " + format;
            check(name + " as written", wav, true, true);
            truncations(name, wav, true);
            for (int i = 0; i < MUTANTS; i++) {
                byte[] m = wav.clone();
                if (r.nextBoolean()) {
                    headerField(m, r);
                }
                flips(m, r);
                check(name + " mutant " + i, m, true, i % 20 == 0);
            }
        }
    }

    @Test
    void mutatedMp3() throws IOException {
        byte[] mp3;
        try (InputStream in = AudioFuzzTest.class.getResourceAsStream("/fuzz/waiting_48k_stereo.mp3")) {
            assertThat(in).as("the MP3 seed").isNotNull();
            mp3 = in.readAllBytes();
        }
        check("MP3 as recorded", mp3, false, true);
        truncations("MP3", mp3, false);
        Random r = new Random(8);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] m = mp3.clone();
            flips(m, r);
            if (r.nextInt(4) == 0) { // a frame header (0xFFFx) forged somewhere
                int at = r.nextInt(m.length - 4);
                m[at] = (byte) 0xFF;
                m[at + 1] = (byte) (0xE0 | r.nextInt(32));
                m[at + 2] = (byte) r.nextInt(256);
            }
            check("MP3 mutant " + i, m, false, i % 25 == 0);
        }
    }

    @Test
    void containersThatLieAboutTheirSize() {
        check("empty", new byte[0], true, true);
        check("RIFF only", "RIFF".getBytes(), true, true);
        byte[] huge = WavCodec.write(AudioData.of(new float[8], 8000, 1), SampleFormat.PCM_16);
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1).putInt(40, 0x7FFFFFFF);
        check("1 Hz, 2 GB of data claimed", huge, true, true);
        byte[] channels = WavCodec.write(AudioData.of(new float[8], 8000, 1), SampleFormat.PCM_16);
        ByteBuffer.wrap(channels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0xFFFF);
        check("65535 channels", channels, true, true);
        byte[] id3 = new byte[10 + 64];
        System.arraycopy("ID3".getBytes(), 0, id3, 0, 3);
        id3[6] = 0x7F; // a tag that claims 256 MB
        id3[7] = 0x7F;
        id3[8] = 0x7F;
        id3[9] = 0x7F;
        check("ID3 tag claiming 256 MB", id3, false, true);
    }

    private static void truncations(String name, byte[] full, boolean wav) {
        int step = Math.max(1, full.length / (wav ? 60 : 30));
        for (int len = 0; len < full.length; len += step) {
            check(name + " cut to " + len, Arrays.copyOf(full, len), wav, false);
        }
        for (int len = 0; len < 64; len++) {
            check(name + " header cut to " + len, Arrays.copyOf(full, len), wav, false);
        }
    }

    private static void headerField(byte[] m, Random r) {
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
        long v = INTERESTING[r.nextInt(INTERESTING.length)];
        if (r.nextBoolean()) {
            b.putInt(WAV_FIELDS_32[r.nextInt(WAV_FIELDS_32.length)], (int) v);
        } else {
            b.putShort(WAV_FIELDS_16[r.nextInt(WAV_FIELDS_16.length)], (short) v);
        }
    }

    private static void flips(byte[] m, Random r) {
        int edits = r.nextInt(12);
        for (int e = 0; e < edits; e++) {
            int pos = r.nextBoolean() ? r.nextInt(Math.min(512, m.length)) : r.nextInt(m.length);
            switch (r.nextInt(3)) {
                case 0 -> m[pos] = (byte) r.nextInt(256);
                case 1 -> m[pos] ^= (byte) (1 << r.nextInt(8));
                default -> m[pos] = (byte) (r.nextBoolean() ? 0xFF : 0x00);
            }
        }
    }

    private static void check(String what, byte[] bytes, boolean wav, boolean analyze) {
        if (wav) {
            Fuzz.check("WavCodec.read " + what, () -> {
                DecodedWav d = WavCodec.read(bytes);
                assertSane(d.audio());
            });
        }
        Fuzz.check("SampleDecoder.decode " + what, () -> {
            DecodedSample d = SampleDecoder.decode(bytes);
            assertSane(d.audio());
            assertThat(d.audio().durationSeconds()).isLessThanOrEqualTo(DecodeLimits.DEFAULT.maxSeconds() + 1);
        });
        if (analyze) {
            Fuzz.check("analyze " + what, () -> {
                assertThat(analyzer.analyze(bytes, analyzer.profiles().keySet()).providers()).isNotEmpty();
                analyzed++;
            });
        }
    }

    private static void assertSane(AudioData audio) {
        assertThat(audio.sampleRate()).isPositive();
        assertThat(audio.channels()).isPositive();
        for (float s : audio.samples()) {
            if (!Float.isFinite(s)) {
                throw new AssertionError("a decoded sample is " + s);
            }
        }
    }
}
