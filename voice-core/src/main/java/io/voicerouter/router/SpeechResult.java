package io.voicerouter.router;

import io.voicerouter.audio.AudioData;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The speech for one request: the audio, which provider made it, how long the whole request took,
 * whether it came from the cache, every provider considered on the way ({@link #attempts()}), and
 * facts from the provider such as {@code device}.
 */
public record SpeechResult(AudioData audio, String providerId, String language, Duration latency,
                           boolean cached, List<Attempt> attempts, Map<String, String> metadata) {
    public SpeechResult {
        Objects.requireNonNull(audio);
        Objects.requireNonNull(providerId);
        Objects.requireNonNull(language);
        Objects.requireNonNull(latency);
        attempts = List.copyOf(attempts);
        metadata = Map.copyOf(metadata);
    }

    /** Whether a provider other than the first one considered made the audio. */
    public boolean fellBack() {
        return !attempts.isEmpty() && !attempts.get(0).providerId().equals(providerId);
    }
}
