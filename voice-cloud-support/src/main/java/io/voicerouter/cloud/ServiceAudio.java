package io.voicerouter.cloud;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

/** Decodes the audio a service answered with. */
public final class ServiceAudio {
    private ServiceAudio() {
    }

    /**
     * Reads a RIFF/WAVE answer with voice-core's {@link WavCodec}: streamed headers whose sizes are
     * 0 or 0xFFFFFFFF, LIST/INFO chunks before {@code data} and any PCM or float sample format.
     *
     * @throws ProviderException SERVER_ERROR when the bytes are not a readable WAV file (an HTML
     *                           maintenance page, a cut-off answer): the service failed, not the request
     */
    public static AudioData decodeWav(String providerId, byte[] wav) {
        try {
            return WavCodec.read(wav).audio();
        } catch (AudioFormatException e) {
            throw new ProviderException(providerId, ErrorKind.SERVER_ERROR,
                    "the service sent unreadable audio: " + e.getMessage(), e);
        }
    }
}
