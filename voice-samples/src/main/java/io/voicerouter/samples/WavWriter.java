package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes 16-bit PCM WAV, the format cloning providers and the sample store keep clean-ups in. */
final class WavWriter {
    private WavWriter() {
    }

    static byte[] pcm16(AudioData audio) {
        int n = audio.sampleCount();
        int dataBytes = n * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + dataBytes).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) audio.channels())
                .putInt(audio.sampleRate()).putInt(audio.sampleRate() * audio.channels() * 2)
                .putShort((short) (audio.channels() * 2)).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(dataBytes);
        for (int i = 0; i < n; i++) {
            double v = Math.max(-1, Math.min(1, audio.sampleAt(i)));
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768))));
        }
        return b.array();
    }
}
