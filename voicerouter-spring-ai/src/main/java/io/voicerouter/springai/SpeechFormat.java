package io.voicerouter.springai;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.SampleFormat;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.error.InvalidSettingException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The audio formats a prompt's {@code format} can ask for: {@code wav} (16-bit PCM in a RIFF
 * container, the default) and {@code pcm} (raw signed 16-bit little-endian samples at the voice's
 * own rate, mono, as OpenAI's speech API defines it).
 */
enum SpeechFormat {
    WAV {
        @Override
        byte[] encode(AudioData audio) {
            return WavCodec.write(audio, SampleFormat.PCM_16);
        }
    },
    PCM {
        @Override
        byte[] encode(AudioData audio) {
            ByteBuffer out = ByteBuffer.allocate(audio.sampleCount() * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < audio.sampleCount(); i++) {
                float s = Math.max(-1f, Math.min(1f, audio.sampleAt(i)));
                out.putShort((short) Math.round(s * 32767f));
            }
            return out.array();
        }
    };

    abstract byte[] encode(AudioData audio);

    static SpeechFormat of(String name) {
        if (name == null || name.isBlank()) {
            return WAV;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "wav" -> WAV;
            case "pcm" -> PCM;
            default -> throw new InvalidSettingException("format",
                    "unsupported speech format '" + name + "'; this model speaks wav or pcm");
        };
    }
}
