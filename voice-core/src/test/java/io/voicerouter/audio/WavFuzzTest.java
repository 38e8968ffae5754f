package io.voicerouter.audio;

import io.voicerouter.error.AudioFormatException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutated and truncated files must decode or fail with {@link AudioFormatException}: never another
 * exception, never an allocation the bytes do not justify. Fixed seed, so failures reproduce.
 */
class WavFuzzTest {
    @Test
    void mutationsGiveAudioOrAudioFormatExceptionOnly() {
        byte[][] seeds = {
                WavCodec.write(WavCodecTest.noise(300, 2, 1), SampleFormat.PCM_16),
                WavCodec.write(WavCodecTest.noise(200, 3, 2), SampleFormat.PCM_24),
                WavCodec.write(WavCodecTest.noise(100, 1, 3), SampleFormat.FLOAT_32),
                WavCodec.write(WavCodecTest.noise(101, 1, 4), SampleFormat.PCM_U8),
                WavCodec.write(WavCodecTest.noise(150, 2, 5), SampleFormat.ALAW),
                WavCodec.write(WavCodecTest.noise(60, 6, 6), SampleFormat.MULAW),
        };
        Random r = new Random(20251125L);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] bytes = mutate(seed, r);
            try {
                DecodedWav wav = WavCodec.read(bytes);
                // whatever decoded must be consistent and no bigger than the bytes allow
                assertThat((long) wav.audio().sampleCount()).isLessThanOrEqualTo(bytes.length);
                decoded++;
            } catch (AudioFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("mutation " + i + " threw " + e + " for " + Arrays.toString(Arrays.copyOf(bytes, Math.min(64, bytes.length))), e);
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> { // truncate anywhere, mostly inside the header
                int cut = r.nextBoolean() ? r.nextInt(Math.min(b.length, 100)) : r.nextInt(b.length);
                return Arrays.copyOf(b, cut);
            }
            case 1 -> { // flip bytes in the header
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[r.nextInt(Math.min(b.length, 80))] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 2 -> { // a size or format field set to an extreme
                int[] fields = {4, 16, 20, 22, 24, 28, 32, 34, 36, 40, 56, 60, 64};
                int at = fields[r.nextInt(fields.length)];
                int[] extremes = {0, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000, 1, 3};
                int v = extremes[r.nextInt(extremes.length)];
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >> (8 * k));
                }
                return b;
            }
            case 3 -> { // random bytes after a valid RIFF/WAVE start
                byte[] g = new byte[12 + r.nextInt(200)];
                r.nextBytes(g);
                System.arraycopy(b, 0, g, 0, 12);
                return g;
            }
            default -> { // pure garbage
                byte[] g = new byte[r.nextInt(300)];
                r.nextBytes(g);
                return g;
            }
        }
    }
}
