package io.voicerouter.cloud;

import io.voicerouter.audio.AudioData;
import io.voicerouter.cloud.testing.TestWavs;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Deadlines, the voice-list cache, health bookkeeping, the service state and decoding the services' WAV answers. */
class ProviderPlumbingTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void callTimeoutIsTheSoonerOfTimeoutAndDeadline() {
        Duration timeout = Duration.ofSeconds(30);
        assertThat(Deadlines.callTimeout("p", Instant.MAX, timeout, CLOCK)).isEqualTo(timeout);
        assertThat(Deadlines.callTimeout("p", CLOCK.instant().plusSeconds(5), timeout, CLOCK)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Deadlines.callTimeout("p", CLOCK.instant().plusSeconds(60), timeout, CLOCK)).isEqualTo(timeout);
        ProviderException late = catchThrowableOfType(ProviderException.class,
                () -> Deadlines.callTimeout("p", CLOCK.instant(), timeout, CLOCK));
        assertThat(late.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(late.providerId()).isEqualTo("p");
    }

    @Test
    void onceCacheFetchesOnceForConcurrentCallersAndRetriesAfterAFailure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch inFetch = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        OnceCache<String> cache = new OnceCache<>(() -> {
            calls.incrementAndGet();
            inFetch.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ArrayList<>(List.of("a", "b"));
        });
        assertThat(cache.ifFetched()).isEmpty();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(cache::get));
            }
            assertThat(inFetch.await(10, TimeUnit.SECONDS)).isTrue();
            finish.countDown();
            for (Future<List<String>> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS)).containsExactly("a", "b");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(calls).hasValue(1);
        assertThat(cache.ifFetched()).contains(List.of("a", "b"));

        AtomicInteger attempts = new AtomicInteger();
        OnceCache<String> flaky = new OnceCache<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new ProviderException("p", ErrorKind.SERVER_ERROR, "down");
            }
            return List.of("v");
        });
        assertThatThrownBy(flaky::get).isInstanceOf(ProviderException.class);
        assertThat(flaky.ifFetched()).isEmpty();
        assertThat(flaky.get()).containsExactly("v");
    }

    @Test
    void healthFollowsCredentialsAndRecovery() {
        ServiceHealth up = new ServiceHealth("p");
        assertThat(up.get().status()).isEqualTo(ProviderHealth.notInitialized().status());
        up.initialize(() -> 3);
        assertThat(up.get().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(up.get().attributes()).containsEntry("voices", "3");

        ServiceHealth degraded = new ServiceHealth("p");
        degraded.initialize(() -> {
            throw new ProviderException("p", ErrorKind.SERVER_ERROR, "503");
        });
        assertThat(degraded.get().status()).isEqualTo(ProviderHealth.Status.DEGRADED);

        ServiceHealth refused = new ServiceHealth("p");
        assertThatThrownBy(() -> refused.initialize(() -> {
            throw new ProviderException("p", ErrorKind.AUTHENTICATION, "401");
        })).isInstanceOf(ProviderException.class);
        assertThat(refused.get().status()).isEqualTo(ProviderHealth.Status.DOWN);
        refused.failed(new ProviderException("p", ErrorKind.RATE_LIMITED, "429"));
        assertThat(refused.get().status()).isEqualTo(ProviderHealth.Status.DOWN);
        refused.succeeded();
        assertThat(refused.get().status()).isEqualTo(ProviderHealth.Status.UP);
        refused.failed(new ProviderException("p", ErrorKind.AUTHENTICATION, "key revoked"));
        assertThat(refused.get().status()).isEqualTo(ProviderHealth.Status.DOWN);
    }

    @Test
    void serviceStateLearnsLanguagesFromTheVoiceListAndChecksRequests() {
        AtomicInteger fetches = new AtomicInteger();
        ProviderCapabilities base = ProviderCapabilities.builder("p").languages(List.of("en")).build();
        ServiceState<String> state = new ServiceState<>(base, Optional.empty(), () -> {
            fetches.incrementAndGet();
            return List.of("de-DE_Voice", "ja-JP_Voice");
        }, list -> list.stream().map(v -> v.substring(0, 2)).toList());
        assertThat(state.voicesIfFetched()).isEmpty();
        state.initialize();
        assertThat(state.capabilities().languages()).containsExactlyInAnyOrder("de", "ja");
        assertThat(state.health().status()).isEqualTo(ProviderHealth.Status.UP);
        assertThat(state.voices()).containsExactly("de-DE_Voice", "ja-JP_Voice");
        assertThat(state.voicesIfFetched()).isPresent();
        assertThat(fetches).hasValue(1);

        SynthesisRequest blank = SynthesisRequest.of(" ", "en", ProviderConfig.enabledDefault().voice(), Settings.empty());
        assertThat(catchThrowableOfType(ProviderException.class, () -> state.checkSynthesis(blank)).kind())
                .isEqualTo(ErrorKind.BAD_INPUT);

        ServiceState<String> broken = new ServiceState<>(base, Optional.of("no key: set p.key"), List::of, list -> list);
        SynthesisRequest hello = SynthesisRequest.of("Hello.", "en", ProviderConfig.enabledDefault().voice(), Settings.empty());
        for (Runnable call : List.<Runnable>of(() -> broken.checkSynthesis(hello), broken::voices, broken::initialize)) {
            ProviderException e = catchThrowableOfType(ProviderException.class, call::run);
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e.getMessage()).contains("p.key");
        }
        assertThat(broken.capabilities().languages()).containsExactly("en");
        // The configuration problem is remembered by the provider lifecycle and shown by health.
        assertThat(broken.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(broken.health().detail()).isEqualTo("no key: set p.key");

        state.close();
        state.close();
        assertThat(state.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(catchThrowableOfType(ProviderException.class, () -> state.checkSynthesis(hello)))
                .hasMessageContaining("closed").extracting(ProviderException::kind).isEqualTo(ErrorKind.MISCONFIGURED);
    }

    @Test
    void decodesPlainAndStreamedServiceWavs() {
        float[] tone = TestWavs.tone(2205, 22_050);
        for (byte[] wav : List.of(TestWavs.pcm16(tone, 22_050), TestWavs.streamedPcm16(tone, 22_050))) {
            AudioData audio = ServiceAudio.decodeWav("p", wav);
            assertThat(audio.sampleRate()).isEqualTo(22_050);
            assertThat(audio.channels()).isEqualTo(1);
            assertThat(audio.frames()).isEqualTo(tone.length);
            for (int i = 0; i < tone.length; i++) {
                assertThat(audio.sampleAt(i)).isEqualTo(tone[i]);
            }
        }
        // A data size of 0, as some streaming writers leave it, also reads to the end.
        byte[] zeroSize = TestWavs.pcm16(tone, 22_050);
        ByteBuffer.wrap(zeroSize).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0);
        assertThat(ServiceAudio.decodeWav("p", zeroSize).frames()).isEqualTo(tone.length);
    }

    @Test
    void unreadableAudioIsAServerErrorOfTheProvider() {
        byte[] cut = Arrays.copyOf(TestWavs.pcm16(TestWavs.tone(100, 8000), 8000), 36);
        for (byte[] bad : List.of(new byte[] {1, 2, 3}, "<html>maintenance</html>".getBytes(), cut)) {
            ProviderException e = catchThrowableOfType(ProviderException.class, () -> ServiceAudio.decodeWav("azure_tts", bad));
            assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(e.providerId()).isEqualTo("azure_tts");
            assertThat(e.getMessage()).contains("unreadable audio");
        }
    }
}
