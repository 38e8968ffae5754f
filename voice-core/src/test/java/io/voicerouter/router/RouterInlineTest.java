package io.voicerouter.router;

import io.voicerouter.error.VoiceException;
import io.voicerouter.testing.BlockingProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blocking {@code synthesize} runs on the caller's thread. Interrupting that
 * thread stops the request as a cancel does, and the caller keeps its interrupt; an interrupt the
 * router sends while closing does not leak into the caller's thread.
 */
@Timeout(60)
class RouterInlineTest {

    @Test
    void runsOnTheCallersThread() {
        ToneProvider piper = ToneProvider.of("piper");
        AtomicReference<Thread> ran = new AtomicReference<>();
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(new ThreadRecording(piper, ran)))
                .statsFlushInterval(Duration.ZERO).build()) {
            r.synthesize(SpeechRequest.of("Hello", chain("piper")));
            assertThat(ran.get()).isSameAs(Thread.currentThread());
        }
    }

    @Test
    void interruptingTheCallerStopsTheChainAndKeepsTheInterrupt() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts, piper)).statsFlushInterval(Duration.ZERO).build()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    r.synthesize(SpeechRequest.of("Hello", chain("xtts_v2", "piper")));
                } catch (Throwable t) {
                    thrown.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            assertThat(xtts.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
            caller.interrupt();
            caller.join(30_000);
            assertThat(thrown.get()).isInstanceOf(VoiceException.class).hasMessageContaining("Interrupted");
            assertThat(stillInterrupted).isTrue();
            assertThat(piper.calls()).as("no fallback after the caller gave up").isZero();
        }
    }

    @Test
    void closingTheRouterEndsAnInlineRequestWithoutLeavingTheCallerInterrupted() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts)).statsFlushInterval(Duration.ZERO).build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        Thread caller = new Thread(() -> {
            try {
                r.synthesize(SpeechRequest.of("Hello", chain("xtts_v2")));
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertThat(xtts.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
        r.close();
        caller.join(30_000);
        assertThat(thrown.get()).isNotNull();
        assertThat(interruptedAfter).as("the router's own interrupt is cleared").isFalse();
    }

    /** Records which thread ran the synthesis. */
    private static final class ThreadRecording implements io.voicerouter.spi.TtsProvider {
        private final ToneProvider tone;
        private final AtomicReference<Thread> ran;

        ThreadRecording(ToneProvider tone, AtomicReference<Thread> ran) {
            this.tone = tone;
            this.ran = ran;
        }

        @Override
        public io.voicerouter.spi.ProviderCapabilities capabilities() {
            return tone.capabilities();
        }

        @Override
        public io.voicerouter.spi.SynthesisOutput synthesize(io.voicerouter.spi.SynthesisRequest request) {
            ran.set(Thread.currentThread());
            return tone.synthesize(request);
        }
    }
}
