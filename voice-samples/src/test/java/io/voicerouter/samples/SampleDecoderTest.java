package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.error.AudioFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What SampleDecoder adds to voice-core's WavCodec (whose own tests cover the WAV container): the
 * source-format facts the quality report shows, the limits a voice sample must meet, and the
 * clamping of float files that would otherwise poison every statistic.
 */
class SampleDecoderTest {
    private static final float[] RAMP = {0f, 0.25f, -0.25f, 0.5f, -0.5f, 0.75f, -0.999f, 0.999f};

    @ParameterizedTest(name = "{0}, {1} ch, {2} Hz")
    @CsvSource({
        "PCM_U8, 1, 8000, pcm_u8, 8", "PCM_16, 1, 22050, pcm_s16, 16", "PCM_24, 2, 44100, pcm_s24, 24",
        "PCM_32, 1, 48000, pcm_s32, 32", "FLOAT_32, 2, 24000, float32, 32", "FLOAT_64, 1, 96000, float64, 64",
        "ALAW, 1, 8000, alaw, 8", "MULAW, 2, 8000, mulaw, 8", "PCM_16, 6, 48000, pcm_s16, 16"})
    void reportsTheSourceFormat(SampleFormat format, int channels, int rate, String codec, int bits) {
        float[] samples = new float[RAMP.length * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = RAMP[i / channels] * (i % channels == 0 ? 1 : -1);
        }
        DecodedSample d = SampleDecoder.decode(WavCodec.write(AudioData.of(samples, rate, channels), format));
        assertThat(d.format()).isEqualTo(new SourceFormat("wav", codec, rate, channels, bits, 0));
        assertThat(d.format().lossy()).isFalse();
        assertThat(d.audio().frames()).isEqualTo(RAMP.length);
    }

    @Test
    void clampsFloatFilesToFullScaleAndNanToSilence() {
        byte[] wav = WavCodec.write(AudioData.mono(new float[] {0.5f, 3f, -7f, Float.NaN}, 16_000),
                SampleFormat.FLOAT_32);
        assertThat(SampleDecoder.decode(wav).audio().samples()).containsExactly(0.5f, 1f, -1f, 0f);
    }

    @Test
    void readsRf64() {
        byte[] wav = WavCodec.write(AudioData.mono(RAMP, 16_000), SampleFormat.PCM_16);
        System.arraycopy("RF64".getBytes(), 0, wav, 0, 4); // RF64 without ds64 keeps the 32-bit sizes
        assertThat(SampleDecoder.isSupported(wav)).isTrue();
        assertThat(SampleDecoder.decode(wav).audio().frames()).isEqualTo(RAMP.length);
    }

    @Test
    void rejectsWhatIsNoUsableVoiceSample() {
        byte[] ok = WavCodec.write(AudioData.mono(RAMP, 16_000), SampleFormat.PCM_16);
        assertThatThrownBy(() -> SampleDecoder.decode(Arrays.copyOf(ok, ok.length - 3)))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("Truncated");
        assertThatThrownBy(() -> SampleDecoder.decode(Arrays.copyOf(ok, 30)))
                .isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> SampleDecoder.decode(WavCodec.write(AudioData.mono(RAMP, 100), SampleFormat.PCM_16)))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("sample rate 100");
        assertThatThrownBy(() -> SampleDecoder.decode(WavCodec.write(AudioData.mono(new float[0], 16_000),
                SampleFormat.PCM_16))).isInstanceOf(AudioFormatException.class).hasMessageContaining("no audio");
        byte[] nineChannels = WavCodec.write(AudioData.of(new float[9 * 4], 16_000, 9), SampleFormat.PCM_16);
        assertThatThrownBy(() -> SampleDecoder.decode(nineChannels))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("channel count 9");
        byte[] adpcm = ok.clone();
        ByteBuffer.wrap(adpcm).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 2);
        assertThatThrownBy(() -> SampleDecoder.decode(adpcm))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("ADPCM");
        assertThatThrownBy(() -> SampleDecoder.decode(new byte[0])).isInstanceOf(AudioFormatException.class);
        assertThatThrownBy(() -> SampleDecoder.decode("hello, this is not audio".getBytes()))
                .isInstanceOf(AudioFormatException.class).hasMessageContaining("unrecognized");
    }

    @Test
    void enforcesTheDurationLimit() {
        byte[] oneSecond = WavCodec.write(AudioData.silence(Duration.ofSeconds(1), 8000, 1), SampleFormat.PCM_16);
        assertThat(SampleDecoder.decode(oneSecond, new DecodeLimits(1, 2)).audio().frames()).isEqualTo(8000);
        assertThatThrownBy(() -> SampleDecoder.decode(oneSecond, new DecodeLimits(0.5, 2)))
                .isInstanceOf(SampleTooLargeException.class).hasMessageContaining("1.0 s");
    }
}
