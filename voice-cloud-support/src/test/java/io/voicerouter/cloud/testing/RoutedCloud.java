package io.voicerouter.cloud.testing;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.InitOutcome;
import io.voicerouter.router.ResiliencePolicy;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.testing.MutableClock;
import io.voicerouter.testing.ToneProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cloud provider behind the real {@link VoiceRouter}, for the "through the router" tests: the
 * personality's chain is the cloud provider, then a local {@link #BACKUP} tone engine; the router
 * runs on the caller's {@link MutableClock} (cool-downs and quota months without sleeping), keeps
 * its stats in a JSON file (so a second instance on the same file is a restart), and backs off
 * 10 ms between retries instead of 200 ms. Everything else is the router's default policy
 * ({@link ResiliencePolicy#defaults()}: one retry, 5 s longest Retry-After waited in place, 30 s
 * transient and 10 min broken cool-downs), which is what the tests assert against. The router is
 * initialized on creation.
 */
public final class RoutedCloud implements AutoCloseable {
    public static final String BACKUP = "backup";

    private final VoiceRouter router;
    private final String providerId;
    private final Map<String, Object> settings;
    private final String language;
    private final MutableClock clock;
    private final Map<String, InitOutcome> init;

    private RoutedCloud(Builder b) {
        this.providerId = b.cloud.id();
        this.settings = Map.copyOf(b.settings);
        this.language = b.language;
        this.clock = b.clock;
        var builder = VoiceRouter.builder().providers(List.of(b.cloud, ToneProvider.of(BACKUP))).clock(b.clock)
                .statsStore(new JsonFileStatsStore(b.statsFile))
                .resilience(ResiliencePolicy.builder().backoff(Duration.ofMillis(10), 2, Duration.ofMillis(50)).build());
        b.quotas.forEach(builder::quota);
        this.router = builder.build();
        this.init = router.initialize();
    }

    public static Builder builder(TtsProvider cloud, MutableClock clock, Path statsFile) {
        return new Builder(cloud, clock, statsFile);
    }

    public VoiceRouter router() {
        return router;
    }

    /** What {@link VoiceRouter#initialize()} said about the cloud provider. */
    public InitOutcome initOutcome() {
        return init.get(providerId);
    }

    /** Speaks {@code text} with the builder's settings. */
    public SpeechResult speak(String text) {
        return speak(text, settings);
    }

    /** Speaks {@code text} with these settings for the cloud provider instead. */
    public SpeechResult speak(String text, Map<String, Object> providerSettings) {
        VoiceConfig c = VoiceConfig.singleProvider(providerId);
        VoiceConfig config = c.withProvider(providerId, c.providers().get(providerId).withSettings(providerSettings))
                .withProvider(BACKUP, ProviderConfig.enabledDefault())
                .withFallbackChain(List.of(BACKUP));
        return router.synthesize(SpeechRequest.builder(text, config).language(language).build());
    }

    /** The characters the cloud provider drew from {@code bucket} in the clock's current month. */
    public long billed(String bucket) {
        String key = YearMonth.from(clock.instant().atZone(clock.getZone())) + ":" + bucket;
        return router.stats().get(providerId).monthlyCharacters().getOrDefault(key, 0L);
    }

    /** Asserts the cloud provider spoke, alone in the trace, after {@code tries} tries. */
    public Attempt.Succeeded spoke(SpeechResult r, int tries) {
        Attempt.Succeeded s = first(r, Attempt.Succeeded.class, providerId, 1);
        assertThat(r.fellBack()).isFalse();
        assertThat(s.tries()).isEqualTo(tries);
        return s;
    }

    /** Asserts the cloud provider was called and failed with {@code kind} after {@code tries} tries, and the backup spoke. */
    public Attempt.Failed failedToBackup(SpeechResult r, ErrorKind kind, int tries) {
        Attempt.Failed f = first(r, Attempt.Failed.class, BACKUP, 2);
        assertThat(f.kind()).isEqualTo(kind);
        assertThat(f.tries()).isEqualTo(tries);
        return f;
    }

    /** Asserts the cloud provider was skipped, not called, and the backup spoke; returns the skip. */
    public Attempt.Skipped skippedToBackup(SpeechResult r) {
        return first(r, Attempt.Skipped.class, BACKUP, 2);
    }

    /** Shorthand for the skip's reason. */
    public SkipReason skipReason(SpeechResult r) {
        return skippedToBackup(r).reason();
    }

    /**
     * Asserts the cloud provider's circuit stays open for exactly {@code rest} from now (on the
     * clock): skipped CIRCUIT_OPEN a second before the end, then re-admitted, speaking at the first try.
     */
    public void assertRestsFor(Duration rest) {
        clock.advance(rest.minusSeconds(1));
        assertThat(skipReason(speak("Still resting?"))).isEqualTo(SkipReason.CIRCUIT_OPEN);
        clock.advance(Duration.ofSeconds(1));
        spoke(speak("Back again."), 1);
    }

    /**
     * Asserts what follows refused credentials: the provider reports DOWN and rests for the broken
     * cool-down (skipped CIRCUIT_OPEN, not called), then the breaker lets one probe request through.
     * Returns that probe's result, so the test can say whether the service has recovered.
     */
    public SpeechResult assertRestsBrokenThenProbes() {
        assertThat(router.health().get(providerId).status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(skipReason(speak("Hello again."))).isEqualTo(SkipReason.CIRCUIT_OPEN);
        clock.advance(ResiliencePolicy.defaults().brokenCooldown().minusSeconds(1));
        assertThat(skipReason(speak("Still resting?"))).isEqualTo(SkipReason.CIRCUIT_OPEN);
        clock.advance(Duration.ofSeconds(1));
        SpeechResult probe = speak("Probing.");
        assertThat(probe.attempts().get(0).providerId()).isEqualTo(providerId);
        assertThat(probe.attempts().get(0)).isNotInstanceOf(Attempt.Skipped.class);
        return probe;
    }

    private <T extends Attempt> T first(SpeechResult r, Class<T> type, String speaker, int attempts) {
        assertThat(r.providerId()).isEqualTo(speaker);
        assertThat(r.attempts()).hasSize(attempts);
        assertThat(r.attempts().get(0).providerId()).isEqualTo(providerId);
        assertThat(r.attempts().get(0)).isInstanceOf(type);
        return type.cast(r.attempts().get(0));
    }

    @Override
    public void close() {
        router.close();
    }

    public static final class Builder {
        private final TtsProvider cloud;
        private final MutableClock clock;
        private final Path statsFile;
        private final Map<String, Long> quotas = new HashMap<>();
        private Map<String, Object> settings = Map.of();
        private String language = "en-US";

        private Builder(TtsProvider cloud, MutableClock clock, Path statsFile) {
            this.cloud = cloud;
            this.clock = clock;
            this.statsFile = statsFile;
        }

        /** The cloud provider's entry settings in the personality's config. */
        public Builder settings(Map<String, Object> s) {
            this.settings = s;
            return this;
        }

        public Builder language(String code) {
            this.language = code;
            return this;
        }

        /** Overrides a quota bucket's monthly allowance. */
        public Builder quota(String bucket, long charactersPerMonth) {
            quotas.put(bucket, charactersPerMonth);
            return this;
        }

        /** Builds and initializes the router. */
        public RoutedCloud start() {
            return new RoutedCloud(this);
        }
    }
}
