package io.voicerouter.cache.redis;

import io.voicerouter.audio.AudioData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AudioBytesTest {
    private static final AudioData STEREO = AudioData.wrap(new float[]{0.1f, -0.2f, 0.3f, -0.4f, 1f, -1f}, 24000, 2);

    @Test
    void roundTripsExactly() {
        assertThat(AudioBytes.decode(AudioBytes.encode(STEREO))).contains(STEREO);
    }

    @Test
    void aValueCutShortFlippedOrForeignReadsAsNothingNeverAsWrongAudio() {
        byte[] good = AudioBytes.encode(STEREO);
        assertThat(AudioBytes.decode(Arrays.copyOf(good, good.length - 1))).isEmpty();
        byte[] flipped = good.clone();
        flipped[20] ^= 0x10;
        assertThat(AudioBytes.decode(flipped)).as("CRC catches a flipped sample bit").isEmpty();
        assertThat(AudioBytes.decode("OK".getBytes())).isEmpty();
        assertThat(AudioBytes.decode(new byte[0])).isEmpty();
        byte[] huge = good.clone();
        huge[12] = (byte) 0xff; // sample count no longer matches the length
        assertThat(AudioBytes.decode(huge)).isEmpty();
    }
}
