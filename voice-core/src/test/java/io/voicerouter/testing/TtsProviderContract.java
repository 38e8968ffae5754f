package io.voicerouter.testing;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidSettingException;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.language.LanguageCodes;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract every {@link TtsProvider} keeps, run by every provider module (as LangChain4j runs one
 * suite against every model provider). A module extends this class, returns a fresh provider from
 * {@link #newProvider()} (against the module's small models or loopback fakes), and overrides the
 * hooks below where its provider needs a voice or other settings. Each test gets its own provider,
 * initialized, and closes it.
 *
 * <p>What it checks: capabilities consistent; the settings schema's defaults valid; bad settings
 * rejected with a typed error naming the setting; a passed deadline ends a call with {@code TIMEOUT};
 * close idempotent and a call after it a typed error; streamed audio equal to the whole audio; many
 * threads at once giving the same audio as one.
 */
public abstract class TtsProviderContract {
    protected TtsProvider provider;

    /** A new provider, not yet initialized; the suite initializes and closes it. */
    protected abstract TtsProvider newProvider() throws Exception;

    /** The personality's entry for this provider that works in the test (voice, settings). */
    protected ProviderConfig config() {
        return ProviderConfig.enabledDefault();
    }

    protected String language() {
        return "en";
    }

    /** A line of two sentences this provider can speak in the test. */
    protected String text() {
        return "Hello there. How are you today?";
    }

    /** False for a provider whose two calls with one request differ (sampling without a fixed seed). */
    protected boolean deterministic() {
        return true;
    }

    protected int threads() {
        return 4;
    }

    /**
     * How close streamed audio must be to the whole audio, as signal-to-difference in dB; infinite
     * (the default) means sample for sample. A provider that decodes a stream in overlapping windows
     * (XTTS v2, as upstream's {@code inference_stream}) overrides it with the figure it guarantees.
     */
    protected double streamedMatchesWholeAtLeastDb() {
        return Double.POSITIVE_INFINITY;
    }

    /** Signal-to-difference of {@code got} against {@code expected} in dB; infinite when equal. */
    protected static double snrDb(AudioData expected, AudioData got) {
        assertThat(got.frames()).isEqualTo(expected.frames());
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < expected.sampleCount(); i++) {
            double e = expected.sampleAt(i);
            double d = e - got.sampleAt(i);
            signal += e * e;
            noise += d * d;
        }
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    }

    @BeforeEach
    void createProvider() throws Exception {
        provider = newProvider();
        provider.initialize();
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    protected final SynthesisRequest request(String text, Instant deadline) {
        Settings settings = Settings.resolve(provider.capabilities().settings(), config().settings());
        return new SynthesisRequest(text, language(), config().voice(), settings, deadline);
    }

    protected final SynthesisRequest request(String text) {
        return request(text, Instant.now().plus(Duration.ofMinutes(2)));
    }

    @Test
    void capabilitiesAreConsistent() {
        ProviderCapabilities caps = provider.capabilities();
        assertThat(caps.id()).matches("[a-z][a-z0-9_]*");
        assertThat(provider.id()).isEqualTo(caps.id());
        assertThat(caps.displayName()).isNotBlank();
        assertThat(caps.sampleRate()).isBetween(8000, 48000);
        assertThat(caps.textLimit().max()).isPositive();
        Set<String> names = new HashSet<>();
        for (SettingSpec spec : caps.settings()) {
            assertThat(names.add(spec.name())).as("setting %s declared once", spec.name()).isTrue();
            assertThat(caps.setting(spec.name())).contains(spec);
            assertThat(spec.description()).as("setting %s is described", spec.name()).isNotBlank();
        }
        for (String code : caps.languages()) {
            assertThat(LanguageCodes.tryNormalize(code)).as("language %s", code).isPresent();
        }
        if (!caps.languages().isEmpty()) {
            assertThat(caps.supportsLanguage(LanguageCodes.normalize(language()))).isTrue();
        }
        assertThat(caps.clonesVoices()).isEqualTo(caps.sampleRequirements().isPresent());
        assertThat(provider.health().isUsable()).as("healthy after initialize: %s", provider.health()).isTrue();
    }

    @Test
    void schemaDefaultsAreValid() {
        List<SettingSpec> schema = provider.capabilities().settings();
        for (SettingSpec spec : schema) {
            assertThat(spec.check(spec.defaultValue())).as("default of %s", spec.name()).isEmpty();
        }
        Settings defaults = Settings.resolve(schema, Map.of());
        for (SettingSpec spec : schema) {
            assertThat(defaults.get(spec.name())).as(spec.name()).isPresent();
        }
        // the defaults speak
        SynthesisOutput out = provider.synthesize(new SynthesisRequest("Hello.", language(), config().voice(),
                Settings.resolve(schema, config().settings()), Instant.now().plus(Duration.ofMinutes(2))));
        assertThat(out.audio().frames()).isPositive();
    }

    @Test
    void badSettingsAreTypedErrorsNamingTheSetting() {
        for (SettingSpec spec : provider.capabilities().settings()) {
            for (Object bad : badValues(spec)) {
                Throwable t = catchThrowable(() -> Settings.resolve(provider.capabilities().settings(),
                        Map.of(spec.name(), bad)));
                assertThat(t).as("%s = %s", spec.name(), bad).isInstanceOf(InvalidSettingException.class);
                assertThat(((InvalidSettingException) t).setting()).isEqualTo(spec.name());
                assertThat(t.getMessage()).contains(spec.name());
            }
        }
    }

    private static List<Object> badValues(SettingSpec spec) {
        List<Object> out = new ArrayList<>();
        out.add(List.of("not", "a", "setting")); // wrong type for every kind
        if (spec instanceof SettingSpec.NumberSetting n) {
            out.add("fast");
            if (Double.isFinite(n.max()) && n.max() < Double.MAX_VALUE) {
                out.add(n.max() + Math.max(1, Math.abs(n.max())));
            }
            if (Double.isFinite(n.min()) && n.min() > -Double.MAX_VALUE) {
                out.add(n.min() - Math.max(1, Math.abs(n.min())));
            }
        } else if (spec instanceof SettingSpec.IntegerSetting i) {
            out.add(1.5);
            if (i.max() < Long.MAX_VALUE) {
                out.add(i.max() + 1);
            }
            if (i.min() > Long.MIN_VALUE) {
                out.add(i.min() - 1);
            }
        } else if (spec instanceof SettingSpec.BooleanSetting) {
            out.add("maybe");
        } else if (spec instanceof SettingSpec.ChoiceSetting) {
            out.add("no-such-choice-" + spec.name());
        }
        return out;
    }

    @Test
    void aPassedDeadlineEndsTheCallWithTimeout() {
        Throwable t = catchThrowable(() -> provider.synthesize(request(text(), Instant.now().minusSeconds(1))));
        assertThat(t).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
        Throwable s = catchThrowable(() -> provider.synthesizeStreaming(request(text(), Instant.now().minusSeconds(1)),
                chunk -> { }));
        assertThat(s).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void closeIsIdempotentAndACallAfterItIsATypedError() {
        provider.close();
        assertThatCode(provider::close).doesNotThrowAnyException();
        Throwable t = catchThrowable(() -> provider.synthesize(request(text())));
        assertThat(t).as("a call after close").isInstanceOf(VoiceException.class);
        provider = null;
    }

    @Test
    void streamedAudioEqualsTheWholeAudio() {
        List<AudioData> chunks = new ArrayList<>();
        SynthesisOutput streamed = provider.synthesizeStreaming(request(text()), chunks::add);
        assertThat(chunks).isNotEmpty();
        AudioData joined = chunks.get(0);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i).sampleRate()).isEqualTo(joined.sampleRate());
            joined = joined.concat(chunks.get(i));
        }
        assertThat(joined).as("the chunks are the returned audio").isEqualTo(streamed.audio());
        if (deterministic()) {
            AudioData whole = provider.synthesize(request(text())).audio();
            if (Double.isInfinite(streamedMatchesWholeAtLeastDb())) {
                assertThat(streamed.audio()).isEqualTo(whole);
            } else {
                assertThat(snrDb(whole, streamed.audio())).isGreaterThanOrEqualTo(streamedMatchesWholeAtLeastDb());
            }
        }
    }

    @Test
    void manyThreadsAtOnceGetWhatOneThreadGets() throws Exception {
        String[] lines = {text(), "A second line."};
        AudioData[] alone = new AudioData[lines.length];
        for (int i = 0; i < lines.length; i++) {
            alone[i] = provider.synthesize(request(lines[i])).audio();
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads());
        try {
            List<Future<AudioData>> futures = new ArrayList<>();
            for (int i = 0; i < threads() * 2; i++) {
                String line = lines[i % lines.length];
                futures.add(pool.submit(() -> provider.synthesize(request(line)).audio()));
            }
            for (int i = 0; i < futures.size(); i++) {
                AudioData got = futures.get(i).get(2, TimeUnit.MINUTES);
                if (deterministic()) {
                    assertThat(got).as("call %d", i).isEqualTo(alone[i % lines.length]);
                } else {
                    assertThat(got.frames()).isPositive();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
