package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.voicerouter.error.AudioFormatException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Truncated and mutated WAV and MP3 files: the decoder either returns audio or throws a typed
 * error, never another exception, never hangs. The seeds are fixed so a failure reproduces.
 */
class DecoderFuzzTest {
    private static final int MUTANTS = 300;

    @Test
    void truncatedWav() {
        truncations(Fixtures.bytes("downloaded.wav"));
    }

    @Test
    void truncatedMp3() {
        truncations(Fixtures.bytes("waiting_48k_stereo.mp3"));
        truncations(Arrays.copyOf(Fixtures.bytes("joined_22k.mp3"), 40_000));
    }

    @Test
    void mutatedWav() {
        mutations(Fixtures.bytes("downloaded.wav"), 1);
    }

    @Test
    void mutatedMp3() {
        mutations(Fixtures.bytes("waiting_48k_stereo.mp3"), 2);
        mutations(Arrays.copyOf(Fixtures.bytes("joined_22k.mp3"), 30_000), 3);
    }

    @Test
    void garbageThatStartsLikeAudio() {
        Random r = new Random(4);
        for (int i = 0; i < 100; i++) {
            byte[] junk = new byte[r.nextInt(5000) + 4];
            r.nextBytes(junk);
            if (i % 2 == 0) {
                System.arraycopy(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}, 0, junk, 0, 4);
            } else {
                System.arraycopy("RIFF\0\0\0\0WAVE".getBytes(), 0, junk, 0, Math.min(12, junk.length));
            }
            decodeSafely(junk);
        }
    }

    private static void truncations(byte[] full) {
        int step = Math.max(1, full.length / 200);
        for (int len = 0; len < full.length; len += step) {
            decodeSafely(Arrays.copyOf(full, len));
        }
        // the header region byte by byte
        for (int len = 0; len < Math.min(200, full.length); len++) {
            decodeSafely(Arrays.copyOf(full, len));
        }
    }

    private static void mutations(byte[] original, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < MUTANTS; i++) {
            byte[] m = original.clone();
            int edits = 1 + r.nextInt(20);
            for (int e = 0; e < edits; e++) {
                // bias edits to the header and first frames, where parsers make their decisions
                int pos = r.nextBoolean() ? r.nextInt(Math.min(512, m.length)) : r.nextInt(m.length);
                switch (r.nextInt(3)) {
                    case 0 -> m[pos] = (byte) r.nextInt(256);
                    case 1 -> m[pos] ^= (byte) (1 << r.nextInt(8));
                    default -> m[pos] = (byte) (r.nextBoolean() ? 0xFF : 0x00);
                }
            }
            decodeSafely(m);
        }
    }

    private static void decodeSafely(byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                DecodedSample d = SampleDecoder.decode(bytes);
                assertThat(d.audio().frames()).isPositive();
                assertThat(d.audio().durationSeconds()).isLessThan(DecodeLimits.DEFAULT.maxSeconds() + 1);
            } catch (AudioFormatException | SampleTooLargeException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        });
    }
}
