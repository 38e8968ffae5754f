package io.voicerouter.spi;

import java.util.List;

/**
 * A text-to-speech engine or service. One instance serves every personality and many threads at
 * once: personality-specific data arrives with each {@link SynthesisRequest}.
 *
 * <p>Failures are reported as {@link io.voicerouter.error.ProviderException} with the
 * {@link io.voicerouter.error.ErrorKind} that lets the router choose between retry, cool-down and
 * fallback. Implementations are created by a {@link TtsProviderFactory}.
 */
public interface TtsProvider extends AutoCloseable {

    ProviderCapabilities capabilities();

    default String id() {
        return capabilities().id();
    }

    /** Loads models, checks credentials, fetches voice lists. May be slow; called once, off the request path. */
    default void initialize() {
    }

    default ProviderHealth health() {
        return ProviderHealth.up();
    }

    SynthesisOutput synthesize(SynthesisRequest request);

    /**
     * Emits audio in order as it is made and returns the whole result when done. The default makes
     * everything first and emits it as one chunk; providers that can do better override it.
     */
    default SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        SynthesisOutput out = synthesize(request);
        sink.accept(out.audio());
        return out;
    }

    /**
     * Identifies the model that would serve {@code request}, for the synthesis cache: a file hash or
     * a service's model name. Two requests with different identities never share cached audio.
     */
    default String modelIdentity(SynthesisRequest request) {
        return id();
    }

    /** Identifies the voice: a voice id or name, or the hash of the reference sample. */
    default String voiceIdentity(SynthesisRequest request) {
        VoiceSelection v = request.voice();
        return v.id().orElse("") + "|" + v.name().orElse("") + "|" + v.sampleUrl().orElse("");
    }

    /**
     * The characters this request costs as the service bills them (Azure counts SSML markup and CJK
     * characters twice, for instance). Local providers keep the default: code points of the text.
     */
    default long billedCharacters(SynthesisRequest request) {
        return request.text().codePointCount(0, request.text().length());
    }

    /** The free-tier allowance this request draws from; empty for providers that cost nothing. */
    default java.util.Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return java.util.Optional.empty();
    }

    /**
     * Checks what a personality's entry for this provider asks for beyond its settings schema, which
     * {@code VoiceConfigValidator} has already checked: a voice the engine does not have, a name too
     * long for it. Gets what a request would get: the entry's voice and its settings resolved against
     * {@link ProviderCapabilities#settings()}. Paths are relative to the entry ({@code settings.voice},
     * {@code voice_id}). Runs on a provider that may not be initialized: it may load local data, but
     * must not call a network service, and reports what it cannot check as a warning rather than
     * throwing. The default finds nothing.
     */
    default List<EntryProblem> checkConfig(VoiceSelection voice, Settings settings) {
        return List.of();
    }

    /** Releases native sessions, connections and threads. */
    @Override
    default void close() {
    }
}
