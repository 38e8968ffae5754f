package io.voicerouter.router.internal;

import io.voicerouter.router.RouterObserver;
import io.voicerouter.cache.CacheKey;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechCancelledException;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.SpeechSink;
import io.voicerouter.router.StreamFailedException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.text.TextLimit;
import io.voicerouter.text.TextSegmenter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One request's walk down the provider chain, on one thread: for each provider in order, the
 * checks that may skip it, then one guarded call. Reads the {@link Chain}, owns its trace, and
 * completes its future; the router's timer may end it early ({@link #timeoutFailure()}) and
 * {@link RouterFuture#cancel} interrupts it.
 */
public final class RequestRun {
    private final Chain chain;
    private final SpeechRequest request;
    private final String language;
    private final List<String> order;
    private final CompletableFuture<SpeechResult> future;
    private final RunControl control;
    private final StreamOut stream; // null when the caller wants the whole audio

    // Guarded by this: what the timer needs to describe a timeout.
    private final List<Attempt> trace = new ArrayList<>();
    private int nextIndex;
    private String current;
    private long currentStartNanos;
    private String stoppedAt; // the provider whose call a stop (cancel, close) cut short

    /** A request for the whole audio ({@code sink} null) or streamed to {@code sink}. */
    public RequestRun(Chain chain, SpeechRequest request, String language, CompletableFuture<SpeechResult> future,
                      SpeechSink sink) {
        this.chain = chain;
        this.request = request;
        this.language = language;
        this.future = future;
        this.order = order(request);
        this.control = new RunControl(future, request.timeout());
        this.stream = sink == null ? null : new StreamOut(sink, control);
    }

    /** Forced or active provider first, then the fallback chain, each id once. */
    public static List<String> order(SpeechRequest request) {
        VoiceConfig config = request.config();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        ids.add(request.forcedProvider().orElseGet(config::activeProviderOrDefault));
        ids.addAll(config.fallbackChain());
        return List.copyOf(ids);
    }

    /**
     * Runs the request on the caller's thread. An interrupt of the caller cancels the request, as
     * {@code cancel(true)} does on the executor path, and stays set for the caller to see; an
     * interrupt the router sent (timeout, closing) is cleared before the caller gets its thread back.
     */
    public void executeInline() {
        control.runningInline();
        boolean ours = runHere();
        if (ours) {
            Thread.interrupted();
        } else if (Thread.currentThread().isInterrupted()) {
            future.cancel(false);
        }
    }

    /** Runs the request on a pool thread. */
    public void execute() {
        runHere();
        // An interrupt aimed at this request must not leak into the pool thread's next task.
        Thread.interrupted();
    }

    /** Walks the chain on this thread and completes the future; true when the router interrupted it. */
    private boolean runHere() {
        control.bind(Thread.currentThread());
        RouterObserver.RequestScope scope = Observed.request(chain.observer(), new RouterObserver.RequestStart(
                language, stream != null, request.text().codePointCount(0, request.text().length()),
                request.personalityId()));
        SpeechResult result = null;
        Throwable failure = null;
        try {
            chain.ensureInitialized();
            if (!future.isDone()) {
                result = walk(scope);
                if (result != null) {
                    future.complete(result);
                }
            }
        } catch (Signal.SinkFailed e) {
            failure = e.original();
            future.completeExceptionally(e.original());
        } catch (Throwable t) {
            failure = t;
            future.completeExceptionally(t);
        }
        if (result == null && failure == null && future.isCompletedExceptionally()) {
            failure = future.handle((r, e) -> e).join(); // the timer or a cancel ended it
        }
        Observed.finished(scope, result, failure);
        return control.unbind();
    }

    void interruptWorker() {
        control.interruptWorker();
    }

    /**
     * The exception a timed-out request completes with: what happened so far, then the rest
     * skipped; a stream already heard ends as a broken stream instead.
     */
    synchronized RuntimeException timeoutFailure() {
        List<Attempt> attempts = new ArrayList<>(trace);
        String timeoutDetail = "the request's timeout of " + control.timeout().orElseThrow().toMillis()
                + " ms passed while this provider was working";
        if (current != null) {
            attempts.add(new Attempt.Failed(current, ErrorKind.TIMEOUT, timeoutDetail,
                    Duration.ofNanos(System.nanoTime() - currentStartNanos), 1));
        }
        if (stream != null && stream.emitted() > 0 && current != null) {
            return new StreamFailedException(language, current, stream.emitted(), attempts);
        }
        for (int i = nextIndex; i < order.size(); i++) {
            if (current == null || !order.get(i).equals(current)) {
                attempts.add(new Attempt.Skipped(order.get(i), SkipReason.DEADLINE_EXCEEDED,
                        "the request's timeout passed before this provider's turn"));
            }
        }
        return new AllProvidersFailedException(language, attempts);
    }

    /**
     * The exception a cancelled blocking call ends with: the trace decided before the cancel and the
     * provider whose call it stopped, if one was working. Read once the run is over.
     */
    public synchronized SpeechCancelledException cancelledFailure(String message) {
        return new SpeechCancelledException(message, trace, Optional.ofNullable(stoppedAt));
    }

    private SpeechResult walk(RouterObserver.RequestScope scope) {
        for (int i = 0; i < order.size(); i++) {
            String id = order.get(i);
            if (control.stopped()) {
                return null;
            }
            synchronized (this) {
                nextIndex = i + 1;
                current = id;
                currentStartNanos = System.nanoTime();
            }
            RouterObserver.AttemptScope attemptScope = Observed.attempt(scope, id);
            Outcome outcome;
            try {
                outcome = turn(id);
            } catch (RuntimeException | Error e) {
                Observed.attemptFinished(attemptScope, null);
                throw e;
            }
            Observed.attemptFinished(attemptScope, outcome == null ? null : outcome.attempt());
            synchronized (this) {
                current = null;
                if (outcome == null) {
                    stoppedAt = id;
                    return null;
                }
                if (future.isDone()) {
                    return null;
                }
                trace.add(outcome.attempt());
            }
            if (outcome.endsStream()) {
                throw new StreamFailedException(language, id, stream.emitted(), snapshotTrace());
            }
            if (outcome.attempt() instanceof Attempt.Succeeded s) {
                // A stream is heard as the provider made it; only whole results are levelled.
                var audio = stream == null ? chain.level(outcome.audio()) : outcome.audio();
                return new SpeechResult(audio, id, language, control.sinceStart(), s.cached(), snapshotTrace(),
                        outcome.metadata());
            }
        }
        throw new AllProvidersFailedException(language, snapshotTrace());
    }

    private synchronized List<Attempt> snapshotTrace() {
        return List.copyOf(trace);
    }

    /** Decides about one provider and, if it passes every check, calls it. Null when the request was stopped. */
    private Outcome turn(String id) {
        Optional<GuardedProvider> found = chain.slot(id);
        if (found.isEmpty()) {
            return Outcome.of(new Attempt.Skipped(id, SkipReason.NOT_INSTALLED,
                    "no installed provider has this id; installed: " + chain.providerIds()));
        }
        GuardedProvider slot = found.get();
        Optional<ProviderConfig> entry = request.config().provider(id);
        if (entry.isEmpty()) {
            return Outcome.of(slot.skip(SkipReason.DISABLED, "voice_config.providers has no entry for it"));
        }
        ProviderConfig pc = entry.get();
        if (!pc.enabled()) {
            return Outcome.of(slot.skip(SkipReason.DISABLED, "enabled is false in voice_config"));
        }
        Optional<String> unavailable = slot.unavailableReason();
        if (unavailable.isPresent()) {
            return Outcome.of(slot.skip(SkipReason.UNAVAILABLE, unavailable.get()));
        }
        ProviderCapabilities caps = slot.capabilities();
        if (!caps.languages().isEmpty() && !LanguageCodes.matches(language, normalized(caps.languages()))) {
            return Outcome.of(slot.skip(SkipReason.LANGUAGE_NOT_SUPPORTED_BY_PROVIDER, id + " does not speak " + language));
        }
        List<String> personality = request.config().languages().map(l -> l.supported()).orElse(List.of());
        if (!personality.isEmpty() && !LanguageCodes.matches(language, normalized(personality))) {
            return Outcome.of(slot.skip(SkipReason.LANGUAGE_NOT_IN_CONFIG, language + " is not in languages.supported"));
        }
        if (!pc.supportedLanguages().isEmpty() && !LanguageCodes.matches(language, normalized(pc.supportedLanguages()))) {
            return Outcome.of(slot.skip(SkipReason.LANGUAGE_NOT_IN_CONFIG,
                    language + " is not in providers." + id + ".supported_languages"));
        }
        Settings settings;
        try {
            settings = Settings.resolve(caps.settings(), pc.settings());
        } catch (InvalidSettingException e) {
            return Outcome.of(slot.failBeforeCall(ErrorKind.BAD_INPUT, e.getMessage()));
        }
        if (control.deadlinePassed()) {
            return Outcome.of(slot.skip(SkipReason.DEADLINE_EXCEEDED, "the request's timeout passed before this provider's turn"));
        }
        SynthesisRequest sreq = new SynthesisRequest(request.text(), language, pc.voice(), settings, control.deadline());
        CacheKey key;
        Optional<QuotaBucket> bucket;
        Pieces pieces = new Pieces(sreq, caps.textLimit(), caps.streaming());
        long billed;
        try {
            key = cacheKey(slot, caps, sreq, settings);
            bucket = slot.provider().quotaBucket(sreq);
            // Only a quota needs the cut before the call; a cache hit never does.
            billed = bucket.isPresent() ? billed(slot.provider(), sreq, pieces.get()) : slot.provider().billedCharacters(sreq);
        } catch (RuntimeException e) {
            return Outcome.of(slot.failBeforeCall(ErrorKind.INTERNAL, GuardedProvider.describe(e)));
        }
        if (stream != null) {
            stream.turn(id, snapshotTrace());
        }
        GuardedProvider.Admission admission = slot.admit(sreq, bucket, billed, control);
        if (admission instanceof GuardedProvider.Admission.Refused refused) {
            return cachedOrSkip(slot, key, refused.reason(), refused.detail());
        }
        ProviderCall call = new ProviderCall(((GuardedProvider.Admission.Admitted) admission).call(), key,
                chain.cache(), control, pieces);
        return stream == null ? call.speak() : call.stream(stream, chain.streams());
    }

    /**
     * The text cut once, in the provider's own unit, into what it is sent, when first asked for:
     * for a whole line, or a stream from a provider that streams itself, as few pieces as fit (one
     * when the text fits); for a stream from a provider that answers whole, a piece per sentence, so
     * the first sentence is heard while the rest are made. A streaming provider gets the whole text
     * because it hands out its first sentence as soon as that is made anyway, and only it can work
     * on the next sentences meanwhile (Piper makes them in parallel; one sentence at a time left
     * its other cores idle through the router).
     */
    private final class Pieces implements java.util.function.Supplier<List<String>> {
        private final SynthesisRequest sreq;
        private final TextLimit limit;
        private final boolean providerStreams;
        private List<String> cut;

        Pieces(SynthesisRequest sreq, TextLimit limit, boolean providerStreams) {
            this.sreq = sreq;
            this.limit = limit;
            this.providerStreams = providerStreams;
        }

        @Override
        public List<String> get() {
            if (cut == null) {
                Locale locale = Locale.forLanguageTag(sreq.language());
                List<String> out = stream == null || providerStreams ? TextSegmenter.pieces(sreq.text(), limit, locale)
                        : TextSegmenter.sentencePieces(sreq.text(), limit, locale);
                cut = out.isEmpty() ? List.of(sreq.text().strip()) : out;
            }
            return cut;
        }
    }

    /** What the service bills for the requests actually sent: markup and per-request costs count once per piece. */
    private static long billed(TtsProvider provider, SynthesisRequest sreq, List<String> pieces) {
        if (pieces.size() == 1) {
            return provider.billedCharacters(sreq);
        }
        long total = 0;
        for (String piece : pieces) {
            total += provider.billedCharacters(sreq.withText(piece));
        }
        return total;
    }

    private CacheKey cacheKey(GuardedProvider slot, ProviderCapabilities caps, SynthesisRequest sreq, Settings settings) {
        long seed = settings.get("seed").filter(Number.class::isInstance).map(v -> ((Number) v).longValue()).orElse(0L);
        return new CacheKey(CacheKey.normalizeText(request.text()), language, slot.id(),
                slot.provider().modelIdentity(sreq), slot.provider().voiceIdentity(sreq), settings.asMap(),
                "pcm_f32@" + caps.sampleRate(), seed);
    }

    /** A line already in the cache costs nothing, so it is served even while a guard refuses the provider. */
    private Outcome cachedOrSkip(GuardedProvider slot, CacheKey key, SkipReason reason, String detail) {
        Optional<io.voicerouter.audio.AudioData> hit;
        try {
            hit = chain.cache().getIfPresent(key);
        } catch (RuntimeException e) {
            hit = Optional.empty();
        }
        if (hit.isEmpty()) {
            return Outcome.of(slot.skip(reason, detail));
        }
        if (stream != null) {
            stream.emit(hit.get(), true);
        }
        slot.recordCachedWhileRefused();
        return Outcome.success(new Attempt.Succeeded(slot.id(), Duration.ZERO, true, 0), hit.get(), java.util.Map.of());
    }

    private static Collection<String> normalized(Collection<String> codes) {
        List<String> out = new ArrayList<>(codes.size());
        for (String c : codes) {
            LanguageCodes.tryNormalize(c).ifPresent(out::add);
        }
        return out;
    }
}
