package io.voicerouter.router;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.testing.BlockingProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeouts and cancellation: the provider thread is interrupted, the chain stops, nothing hangs. */
@Timeout(60)
class RouterAsyncTest {

    @Test
    void timeoutInterruptsTheProviderAndSkipsTheRest() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts, piper)).statsFlushInterval(Duration.ZERO).build()) {
            CompletableFuture<SpeechResult> f = r.synthesizeAsync(SpeechRequest.builder("Hello", chain("xtts_v2", "piper"))
                    .timeout(Duration.ofMillis(300)).build());
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(AllProvidersFailedException.class, e -> {
                        assertThat(e.attempts()).extracting(Attempt::providerId).containsExactly("xtts_v2", "piper");
                        assertThat(e.attempts().get(0)).isInstanceOfSatisfying(Attempt.Failed.class,
                                a -> assertThat(a.kind()).isEqualTo(ErrorKind.TIMEOUT));
                        assertThat(e.attempts().get(1)).isInstanceOfSatisfying(Attempt.Skipped.class,
                                a -> assertThat(a.reason()).isEqualTo(SkipReason.DEADLINE_EXCEEDED));
                    });
            awaitInterruptions(xtts, 1);
            assertThat(piper.calls()).isZero();
        }
    }

    @Test
    void synchronousCallsHonourTheTimeoutToo() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts)).statsFlushInterval(Duration.ZERO).build()) {
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.builder("Hello", chain("xtts_v2"))
                    .timeout(Duration.ofMillis(200)).build()))
                    .isInstanceOf(AllProvidersFailedException.class).hasMessageContaining("TIMEOUT");
            awaitInterruptions(xtts, 1);
        }
    }

    @Test
    void cancelInterruptsTheRunningProviderAndStopsTheChain() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts, piper)).statsFlushInterval(Duration.ZERO).build()) {
            CompletableFuture<SpeechResult> f = r.synthesizeAsync(SpeechRequest.of("Hello", chain("xtts_v2", "piper")));
            assertThat(xtts.awaitStarted(1, Duration.ofSeconds(20))).isTrue();
            assertThat(f.cancel(true)).isTrue();
            assertThatThrownBy(() -> f.get(1, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            awaitInterruptions(xtts, 1);
            // The worker is free again and nothing else was tried.
            SpeechResult next = r.synthesize(SpeechRequest.builder("Next", chain("xtts_v2", "piper"))
                    .forceProvider("piper").build());
            assertThat(next.providerId()).isEqualTo("piper");
            assertThat(piper.calls()).isEqualTo(1);
            assertThat(r.stats().get("xtts_v2").failures()).as("a cancellation is not a failure").isZero();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
        }
    }

    @Test
    void closingTheRouterRejectsNewRequests() {
        VoiceRouter r = VoiceRouter.builder().providers(List.of(ToneProvider.of("piper"))).build();
        r.close();
        assertThatThrownBy(() -> r.synthesize(SpeechRequest.of("Hi", chain("piper"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTheRouterEndsRequestsInFlightInsteadOfLeavingThemHanging() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts)).statsFlushInterval(Duration.ZERO).build();
        CompletableFuture<SpeechResult> f = r.synthesizeAsync(SpeechRequest.of("Hello", chain("xtts_v2")));
        assertThat(xtts.awaitStarted(1, Duration.ofSeconds(20))).isTrue();
        r.close();
        assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("closed");
        awaitInterruptions(xtts, 1);
    }

    private static void awaitInterruptions(BlockingProvider p, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (p.interruptions() < n && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(p.interruptions()).isEqualTo(n);
    }
}
