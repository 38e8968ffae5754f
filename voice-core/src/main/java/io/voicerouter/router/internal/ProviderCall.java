package io.voicerouter.router.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.cache.SynthesisCache;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SkipReason;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One provider's turn for one request, through the cache: {@link #speak()} returns the whole audio,
 * {@link #stream} hands it out chunk by chunk. The guarded call does the provider work; this class
 * decides what is tried in which order (cache, a shared synthesis, a new one) and turns the ending
 * into an {@link Outcome}. It returns to the walk and never calls back into it.
 */
final class ProviderCall {
    private static final Logger LOG = LoggerFactory.getLogger("io.voicerouter.router.VoiceRouter");

    private final GuardedCall call;
    private final CacheKey key;
    private final SynthesisCache cache;
    private final RunControl control;
    private final java.util.function.Supplier<List<String>> pieces;

    /**
     * {@code pieces} gives the text as the walk cuts it for this provider's text limit (see
     * {@link RequestRun}): one piece for text that fits whole, sentence by sentence for a stream;
     * asked for only when the provider is called, never for a cache hit. Used by one thread.
     */
    ProviderCall(GuardedCall call, CacheKey key, SynthesisCache cache, RunControl control,
                 java.util.function.Supplier<List<String>> pieces) {
        this.call = call;
        this.key = key;
        this.cache = cache;
        this.control = control;
        this.pieces = pieces;
    }

    // ---- whole audio

    /** The audio from the cache, or from a synthesis (shared with identical concurrent requests by the cache). */
    Outcome speak() {
        long start = System.nanoTime();
        AtomicReference<Map<String, String>> metadata = new AtomicReference<>(Map.of());
        SynthesisCache.Lookup lookup;
        try {
            lookup = cache.get(key, () -> call.reserved(() -> {
                SynthesisOutput out = call.retrying(this::wholeText, () -> true);
                // The successful try alone: back-off waits and failed tries say nothing of its speed.
                call.recordSynthesis((System.nanoTime() - call.lastTryStart()) / 1e6, out.audio());
                metadata.set(out.metadata());
                return out.audio();
            }));
        } catch (Throwable t) {
            return failure(t, since(start), false);
        }
        Attempt.Succeeded ok = call.succeeded(since(start), lookup.hit(), cache != SynthesisCache.none(), lookup.notes());
        return Outcome.success(ok, lookup.audio(), lookup.hit() ? Map.of() : metadata.get());
    }

    /**
     * One try. Text longer than the provider's text limit is spoken in the pieces the walk cut
     * (whole sentences where possible) and the audio joined.
     */
    private SynthesisOutput wholeText() {
        SynthesisRequest request = call.request();
        List<String> cut = pieces.get();
        if (cut.size() <= 1) {
            return call.speak(request);
        }
        AudioData joined = null;
        SynthesisOutput last = null;
        for (String piece : cut) {
            if (control.stopped()) {
                throw new Signal.Stopped();
            }
            last = call.speak(request.withText(piece));
            joined = join(joined, last.audio());
        }
        return new SynthesisOutput(joined, last.metadata());
    }

    // ---- streamed

    /**
     * Streams the audio to {@code out}: a cached line at once, else the chunks of an identical stream
     * already running, else a new synthesis sentence by sentence, each chunk out as the provider makes it.
     */
    Outcome stream(StreamOut out, StreamHub hub) {
        long start = System.nanoTime();
        int before = out.emitted();
        try {
            java.util.Optional<AudioData> hit = cachedOrEmpty();
            if (hit.isPresent()) {
                out.emit(hit.get(), true);
                return Outcome.success(call.succeeded(since(start), true, true), hit.get(), Map.of());
            }
            String shareKey = key.normalized().digest();
            while (true) {
                StreamHub.Membership m = hub.join(shareKey);
                if (m.leader()) {
                    return lead(out, hub, shareKey, m.broadcast(), start);
                }
                StreamHub.Ending ending = m.broadcast().follow(chunk -> out.emit(chunk, true));
                if (ending instanceof StreamHub.Ending.Completed c) {
                    boolean real = cache != SynthesisCache.none();
                    return Outcome.success(call.succeeded(since(start), true, real), c.audio(), c.metadata());
                }
                if (ending instanceof StreamHub.Ending.Failed f) {
                    throw f.error();
                }
                if (out.emitted() > before) {
                    throw new ProviderException(call.providerId(), ErrorKind.INTERNAL,
                            "the shared synthesis this stream followed was stopped by its own caller");
                }
                // the leader's caller gave up before any audio: that says nothing of this request, lead anew
            }
        } catch (Throwable t) {
            return failure(t, since(start), out.emitted() > before);
        }
    }

    private Outcome lead(StreamOut out, StreamHub hub, String shareKey, StreamHub.Broadcast broadcast, long start)
            throws Throwable {
        AtomicReference<Map<String, String>> metadata = new AtomicReference<>(Map.of());
        AudioData audio;
        try {
            audio = call.reserved(() -> {
                long synthStart = System.nanoTime();
                AudioData joined = sentenceBySentence(out, broadcast, synthStart, metadata);
                call.recordSynthesis((System.nanoTime() - synthStart) / 1e6, joined);
                return joined;
            });
        } catch (Throwable t) {
            boolean ours = t instanceof Signal || control.stopped();
            broadcast.end(ours ? new StreamHub.Ending.Abandoned() : new StreamHub.Ending.Failed(t));
            hub.leave(shareKey, broadcast);
            throw t;
        }
        fillCache(audio); // before leaving the hub, so a request arriving meanwhile finds one or the other
        hub.leave(shareKey, broadcast);
        broadcast.end(new StreamHub.Ending.Completed(audio, metadata.get()));
        boolean real = cache != SynthesisCache.none();
        return Outcome.success(call.succeeded(since(start), false, real), audio, metadata.get());
    }

    /** Speaks the text a sentence at a time (long sentences in pieces) so the first one is heard early. */
    private AudioData sentenceBySentence(StreamOut out, StreamHub.Broadcast broadcast, long synthStart,
                                         AtomicReference<Map<String, String>> metadata) throws InterruptedException {
        SynthesisRequest request = call.request();
        List<AudioData> heard = new ArrayList<>();
        for (String piece : pieces.get()) {
            int[] pieceChunks = {0};
            SynthesisOutput result = call.retrying(() -> call.speakStreaming(request.withText(piece), chunk -> {
                if (control.stopped()) {
                    throw new Signal.Stopped(); // stops the provider's own loop, not only our wait
                }
                if (chunk.frames() == 0) {
                    return;
                }
                checkFormat(heard, chunk);
                if (heard.isEmpty()) {
                    call.recordFirstAudio((System.nanoTime() - synthStart) / 1e6);
                }
                pieceChunks[0]++;
                heard.add(chunk);
                broadcast.publish(chunk);
                out.emit(chunk, false);
            }), () -> pieceChunks[0] == 0); // a piece part-heard cannot be said again
            if (pieceChunks[0] == 0) {
                // a provider that returned audio without handing it to the sink
                if (result == null || result.audio().frames() == 0) {
                    throw new ProviderException(call.providerId(), ErrorKind.INTERNAL, "returned no audio");
                }
                checkFormat(heard, result.audio());
                if (heard.isEmpty()) {
                    call.recordFirstAudio((System.nanoTime() - synthStart) / 1e6);
                }
                heard.add(result.audio());
                broadcast.publish(result.audio());
                out.emit(result.audio(), false);
            }
            if (result != null) {
                metadata.set(result.metadata());
            }
        }
        AudioData joined = null;
        for (AudioData a : heard) {
            joined = join(joined, a);
        }
        return joined;
    }

    private void checkFormat(List<AudioData> heard, AudioData chunk) {
        if (!heard.isEmpty()) {
            AudioData first = heard.get(0);
            if (chunk.sampleRate() != first.sampleRate() || chunk.channels() != first.channels()) {
                throw new ProviderException(call.providerId(), ErrorKind.INTERNAL,
                        "chunks of one text came back in different formats");
            }
        }
    }

    private void fillCache(AudioData audio) {
        if (cache == SynthesisCache.none()) {
            return;
        }
        try {
            cache.get(key, () -> audio);
        } catch (Exception e) {
            LOG.warn("Caching a streamed line failed: {}", GuardedProvider.describe(e));
        }
    }

    private java.util.Optional<AudioData> cachedOrEmpty() {
        try {
            return cache.getIfPresent(key);
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    // ---- endings

    private Outcome failure(Throwable thrown, Duration elapsed, boolean heard) {
        Error error = jvmError(thrown);
        if (error != null) {
            // Out of memory, stack overflow, a linkage error: the JVM's trouble or a bug, not this
            // provider's transient failure. No breaker, no retry, no fallback: the caller gets it as is.
            call.noVerdict();
            throw error;
        }
        Throwable t = unwrap(thrown);
        if (t instanceof Signal.SinkFailed s) {
            call.cancelled();
            throw s; // the walk ends with the caller's own exception
        }
        if (t instanceof Signal.QuotaTaken q && !heard) {
            return Outcome.of(call.released(SkipReason.QUOTA_EXHAUSTED, q.getMessage()));
        }
        if (control.cancelled() || (control.stopped() && !control.deadlinePassed())) { // cancelled, or the router closed
            call.cancelled();
            return null;
        }
        ProviderException e;
        if (t instanceof ProviderException pe && !(control.stopped() && control.deadlinePassed())) {
            e = pe;
        } else if (control.deadlinePassed() || t instanceof Signal.Stopped || t instanceof InterruptedException) {
            e = new ProviderException(call.providerId(), ErrorKind.TIMEOUT, "the request's timeout passed while it was working");
        } else {
            e = new ProviderException(call.providerId(), ErrorKind.INTERNAL, GuardedProvider.describe(t), t);
        }
        Attempt.Failed failed = call.failed(e, elapsed);
        return heard ? Outcome.streamBroken(failed) : Outcome.of(failed);
    }

    private AudioData join(AudioData joined, AudioData next) {
        if (joined != null && (next.sampleRate() != joined.sampleRate() || next.channels() != joined.channels())) {
            throw new ProviderException(call.providerId(), ErrorKind.INTERNAL, "pieces of one text came back in different formats");
        }
        return joined == null ? next : joined.concat(next);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * The {@link Error} in {@code t}'s cause chain (a cache or future may have wrapped it), or null.
     * Stops at a ProviderException: a provider that wrapped an Error (a native library that failed
     * to load, as MISCONFIGURED) has judged it already.
     */
    private static Error jvmError(Throwable t) {
        Throwable cur = t;
        for (int i = 0; i < 8 && cur != null && !(cur instanceof ProviderException); i++) {
            if (cur instanceof Error e) {
                return e;
            }
            cur = cur.getCause();
        }
        return null;
    }

    /** The signal anywhere in the chain (a provider may wrap what our sink threw), else the first typed cause. */
    private static Throwable unwrap(Throwable t) {
        Throwable look = t;
        for (int i = 0; i < 8 && look != null; i++, look = look.getCause()) {
            if (look instanceof Signal) {
                return look;
            }
        }
        Throwable cur = t;
        for (int i = 0; i < 8 && cur != null; i++) {
            if (cur instanceof ProviderException || cur instanceof Signal || cur instanceof InterruptedException) {
                return cur;
            }
            cur = cur.getCause();
        }
        return t;
    }
}
