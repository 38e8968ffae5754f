package io.voicerouter.server.internal;

import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.SpeechSink;
import io.voicerouter.router.VoiceRouter;

/**
 * Where the speech endpoint gets its audio: the router, whole or streamed. Both run on the
 * request's own thread ({@link VoiceRouter#stream} hands chunks to the sink as the provider makes
 * them, with fallback until the first chunk), so a sink that throws because the client went away
 * stops the provider's work, and nothing is handed to another pool.
 */
public final class SpeechSource {
    private final VoiceRouter router;

    public SpeechSource(VoiceRouter router) {
        this.router = router;
    }

    /** The whole audio, loudness-levelled, from the cache when it is there. */
    public SpeechResult speak(SpeechRequest request) {
        return router.synthesize(request);
    }

    /**
     * Streams {@code request} to {@code sink} chunk by chunk as the provider makes it; returns the
     * whole result when the stream ends.
     *
     * @throws io.voicerouter.router.AllProvidersFailedException when no provider could start the stream
     * @throws io.voicerouter.router.StreamFailedException when it broke after its first chunk
     */
    public SpeechResult stream(SpeechRequest request, SpeechSink sink) {
        return router.stream(request, sink);
    }
}
