package io.voicerouter.server.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;

import java.util.List;

/**
 * Where the speech endpoint gets its audio: the single place that changes when the router's own
 * streaming API lands (branch h-router, not on main yet). Today it runs {@link VoiceRouter#synthesize}
 * (whole fallback chain, cache, stats, trace) and hands the finished audio on in 100 ms chunks, so
 * the encoders and the HTTP body already work chunk by chunk; with {@code router.stream} it will
 * call {@link Listener#started} at the first audio (with the trace up to the speaking provider) and
 * pass each chunk as the provider makes it. Nothing else in the server needs to change.
 */
public final class SpeechSource {
    /** Audio per chunk handed on: 100 ms, small enough for an early first byte, large enough for encoders. */
    static final double CHUNK_SECONDS = 0.1;

    public interface Listener {
        /** Before the first chunk: which provider speaks, and the attempts so far (for the response head). */
        void started(String providerId, List<Attempt> attemptsSoFar);

        void audio(AudioData chunk);
    }

    private final VoiceRouter router;

    public SpeechSource(VoiceRouter router) {
        this.router = router;
    }

    /** Speaks {@code request}, calling {@code listener} as audio becomes available; returns the whole result. */
    public SpeechResult speak(SpeechRequest request, Listener listener) {
        SpeechResult result = router.synthesize(request);
        listener.started(result.providerId(), result.attempts());
        AudioData audio = result.audio();
        float[] samples = audio.samples();
        int ch = audio.channels();
        int frames = audio.frames();
        int step = Math.max(1, (int) Math.round(audio.sampleRate() * CHUNK_SECONDS));
        for (int start = 0; start < frames; start += step) {
            int end = Math.min(frames, start + step);
            listener.audio(AudioData.wrap(java.util.Arrays.copyOfRange(samples, start * ch, end * ch),
                    audio.sampleRate(), ch));
        }
        return result;
    }
}
