package io.voicerouter.router;

import io.voicerouter.audio.AudioData;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a streamed request's audio ({@link VoiceRouter#stream}), in order from index 0.
 *
 * @param index      0 for the first chunk, then 1, 2, ...
 * @param audio      the samples; every chunk of one stream has the same rate and channel count
 * @param providerId the provider that made it (the same for every chunk of a stream)
 * @param cached     true when it came from the cache or from an identical stream already running
 * @param sinceStart time from the request's start to this chunk; on chunk 0, the time to first audio
 * @param attempts   on chunk 0, every provider considered before this one (skips and failures); empty on the rest
 */
public record SpeechChunk(int index, AudioData audio, String providerId, boolean cached, Duration sinceStart,
                          List<Attempt> attempts) {
    public SpeechChunk {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(sinceStart, "sinceStart");
        attempts = List.copyOf(attempts);
    }

    public int sampleRate() {
        return audio.sampleRate();
    }

    public boolean first() {
        return index == 0;
    }
}
