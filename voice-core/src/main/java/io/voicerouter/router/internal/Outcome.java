package io.voicerouter.router.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.router.Attempt;

import java.util.Map;

/**
 * What one provider's turn produced for the walk: its attempt for the trace, the audio when it
 * succeeded, and whether it ends the walk without fallback (a stream that failed after its first chunk).
 */
record Outcome(Attempt attempt, AudioData audio, Map<String, String> metadata, boolean endsStream) {
    static Outcome of(Attempt attempt) {
        return new Outcome(attempt, null, Map.of(), false);
    }

    static Outcome success(Attempt.Succeeded attempt, AudioData audio, Map<String, String> metadata) {
        return new Outcome(attempt, audio, metadata, false);
    }

    static Outcome streamBroken(Attempt.Failed attempt) {
        return new Outcome(attempt, null, Map.of(), true);
    }
}
