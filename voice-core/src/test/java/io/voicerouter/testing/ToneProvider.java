package io.voicerouter.testing;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.ProviderKind;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.text.TextLimit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real, tiny TTS engine for tests: it "speaks" a sine tone whose length grows with the text
 * ({@code 50 ms + secondsPerCharacter * code points}, divided by the {@code speed} setting when the
 * schema has one), with 5 ms fades. Everything a router test needs is configurable: id, kind,
 * languages, settings schema, sample rate, level, quota bucket, longest text, an initialization
 * failure, and the health it reports. It counts its calls and the most calls it ever ran at once. Thread-safe.
 */
public final class ToneProvider implements TtsProvider {
    private final ProviderCapabilities capabilities;
    private final double amplitude;
    private final double frequency;
    private final double secondsPerCharacter;
    private final QuotaBucket quotaBucket;
    private final String modelIdentity;
    private final String initFailure;
    private final AtomicReference<ProviderHealth> health = new AtomicReference<>(ProviderHealth.up());
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean closed;
    private final AtomicInteger initializations = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final AtomicReference<SynthesisRequest> lastRequest = new AtomicReference<>();

    private ToneProvider(Builder b) {
        this.capabilities = ProviderCapabilities.builder(b.id).kind(b.kind).languages(b.languages)
                .settings(b.settings).sampleRate(b.sampleRate).textLimit(b.textLimit).build();
        this.amplitude = b.amplitude;
        this.frequency = b.frequency;
        this.secondsPerCharacter = b.secondsPerCharacter;
        this.quotaBucket = b.quotaBucket;
        this.modelIdentity = b.modelIdentity;
        this.initFailure = b.initFailure;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A local provider with this id, any language, no settings. */
    public static ToneProvider of(String id) {
        return builder(id).build();
    }

    @Override
    public ProviderCapabilities capabilities() {
        return capabilities;
    }

    /** Throws {@code ProviderException(MODEL_MISSING)} when built with {@link Builder#failInitialization}. */
    @Override
    public void initialize() {
        initializations.incrementAndGet();
        if (initFailure != null) {
            throw new ProviderException(id(), ErrorKind.MODEL_MISSING, initFailure);
        }
    }

    @Override
    public ProviderHealth health() {
        return health.get();
    }

    /** Changes what {@link #health()} reports from now on. */
    public void setHealth(ProviderHealth newHealth) {
        health.set(Objects.requireNonNull(newHealth));
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        int now = running.incrementAndGet();
        maxRunning.accumulateAndGet(now, Math::max);
        try {
            calls.incrementAndGet();
            lastRequest.set(request);
            checkCallable(request);
            return SynthesisOutput.of(tone(request));
        } finally {
            running.decrementAndGet();
        }
    }

    /** The contract's checks before any work: not closed, deadline not passed, the text within the declared limit. */
    void checkCallable(SynthesisRequest request) {
        if (closed) {
            throw new ProviderException(id(), ErrorKind.MISCONFIGURED, "the provider is closed");
        }
        if (java.time.Instant.now().isAfter(request.deadline())) {
            throw new ProviderException(id(), ErrorKind.TIMEOUT, "the request's deadline has passed");
        }
        capabilities.textLimit().requireFits(id(), request.text());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The audio this provider makes for {@code request}: deterministic, so tests can compare it. */
    public AudioData tone(SynthesisRequest request) {
        int chars = request.text().codePointCount(0, request.text().length());
        double speed = request.settings().get("speed").map(v -> ((Number) v).doubleValue()).orElse(1.0);
        double seconds = (0.05 + secondsPerCharacter * chars) / speed;
        int rate = capabilities.sampleRate();
        int n = (int) Math.round(seconds * rate);
        int fade = Math.min(n / 2, rate / 200);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double env = Math.min(1.0, Math.min(i, n - 1 - i) / (double) Math.max(1, fade));
            out[i] = (float) (amplitude * env * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return AudioData.wrap(out, rate, 1);
    }

    @Override
    public String modelIdentity(SynthesisRequest request) {
        return modelIdentity;
    }

    @Override
    public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
        return Optional.ofNullable(quotaBucket);
    }

    /** How many times {@code synthesize} was called. */
    public int calls() {
        return calls.get();
    }

    /** The most {@code synthesize} calls that ever ran at the same time. */
    public int maxConcurrent() {
        return maxRunning.get();
    }

    public int initializations() {
        return initializations.get();
    }

    public Optional<SynthesisRequest> lastRequest() {
        return Optional.ofNullable(lastRequest.get());
    }

    @Override
    public String toString() {
        return "ToneProvider[" + id() + "]";
    }

    public static final class Builder {
        private final String id;
        private ProviderKind kind = ProviderKind.LOCAL;
        private List<String> languages = List.of();
        private List<SettingSpec> settings = List.of();
        private int sampleRate = 16000;
        private double amplitude = 0.5;
        private double frequency = 440;
        private double secondsPerCharacter = 0.01;
        private QuotaBucket quotaBucket;
        private String modelIdentity;
        private String initFailure;
        private TextLimit textLimit = TextLimit.characters(5000);

        private Builder(String id) {
            this.id = Objects.requireNonNull(id);
            this.modelIdentity = "tone:" + id;
        }

        public Builder kind(ProviderKind kind) {
            this.kind = kind;
            return this;
        }

        /** A cloud provider drawing from {@code bucket} (with that default monthly allowance). */
        public Builder cloud(String bucket, long defaultCharactersPerMonth) {
            this.kind = ProviderKind.CLOUD;
            this.quotaBucket = new QuotaBucket(bucket, defaultCharactersPerMonth);
            return this;
        }

        /** Languages it speaks (normalized codes); none means any. */
        public Builder languages(String... codes) {
            this.languages = List.of(codes);
            return this;
        }

        public Builder settings(SettingSpec... specs) {
            this.settings = List.of(specs);
            return this;
        }

        public Builder sampleRate(int hz) {
            this.sampleRate = hz;
            return this;
        }

        /** Peak level of the tone, in (0, 1]; default 0.5. */
        public Builder amplitude(double amplitude) {
            this.amplitude = amplitude;
            return this;
        }

        public Builder frequency(double hz) {
            this.frequency = hz;
            return this;
        }

        public Builder secondsPerCharacter(double seconds) {
            this.secondsPerCharacter = seconds;
            return this;
        }

        public Builder modelIdentity(String identity) {
            this.modelIdentity = identity;
            return this;
        }

        /** The longest text one call takes; a longer one fails with BAD_INPUT, as a real service does. */
        public Builder maxTextLength(int chars) {
            return textLimit(TextLimit.characters(chars));
        }

        /** The text limit the tone engine declares and enforces (BAD_INPUT past it), in its unit. */
        public Builder textLimit(TextLimit limit) {
            this.textLimit = limit;
            return this;
        }

        /** {@code initialize()} throws MODEL_MISSING with this message. */
        public Builder failInitialization(String message) {
            this.initFailure = message;
            return this;
        }

        public ToneProvider build() {
            return new ToneProvider(this);
        }
    }
}
