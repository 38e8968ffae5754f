package io.voicerouter.router;

import io.voicerouter.testing.BlockingProvider;
import io.voicerouter.testing.ChunkedToneProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link CancelSignal}: another thread stops a blocking {@code synthesize} or {@code stream} as
 * {@code cancel(true)} stops an async one. The provider at work sees the interrupt, no further
 * provider is tried, the stats and the observer record a cancel (not a failure), and the calling
 * thread gets {@link SpeechCancelledException} without an interrupt left on it.
 */
@Timeout(60)
class RouterCancelSignalTest {

    /** What the observer heard at each request's end. */
    private final List<Optional<Throwable>> ends = new CopyOnWriteArrayList<>();
    private final RouterObserver observer = start -> new RouterObserver.RequestScope() {
        @Override
        public RouterObserver.AttemptScope attemptStarted(String providerId) {
            return RouterObserver.AttemptScope.NONE;
        }

        @Override
        public void finished(Optional<SpeechResult> result, Optional<Throwable> failure) {
            ends.add(failure);
        }
    };

    @Test
    void cancellingABlockingSynthesizeStopsTheProviderAndTriesNoOther() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(xtts, piper)) {
            CancelSignal signal = new CancelSignal();
            // "nope" is not installed: the trace before the cancel holds its skip.
            SpeechRequest request = SpeechRequest.builder("Hello", chain("nope", "xtts_v2", "piper"))
                    .timeout(Duration.ofSeconds(50)).cancelledBy(signal).build();
            Caller caller = Caller.start(() -> r.synthesize(request));
            assertThat(xtts.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
            signal.cancel();
            caller.join();

            assertThat(caller.thrown.get()).isInstanceOfSatisfying(SpeechCancelledException.class, e -> {
                assertThat(e.providerAtWork()).hasValue("xtts_v2");
                assertThat(e.attempts()).singleElement().isInstanceOfSatisfying(Attempt.Skipped.class,
                        s -> assertThat(s.reason()).isEqualTo(SkipReason.NOT_INSTALLED));
                assertThat(e.getMessage()).contains("CancelSignal").contains("xtts_v2");
            });
            assertThat(caller.interruptedAfter).as("the router's interrupt is cleared").isFalse();
            assertThat(xtts.interruptions()).as("the provider saw the interrupt").isEqualTo(1);
            assertThat(piper.calls()).as("no fallback after a cancel").isZero();
            assertCancelledNotFailed(r, "xtts_v2");
        }
    }

    @Test
    void cancellingABlockingStreamBeforeItsFirstChunkStopsTheProvider() throws Exception {
        // BlockingProvider streams through the SPI's default: one chunk after its held synthesize.
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(xtts, piper)) {
            CancelSignal signal = new CancelSignal();
            AtomicInteger chunks = new AtomicInteger();
            SpeechRequest request = SpeechRequest.builder("Hello there.", chain("xtts_v2", "piper"))
                    .cancelledBy(signal).build();
            Caller caller = Caller.start(() -> r.stream(request, c -> chunks.incrementAndGet()));
            assertThat(xtts.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
            signal.cancel();
            caller.join();

            assertThat(caller.thrown.get()).isInstanceOfSatisfying(SpeechCancelledException.class,
                    e -> assertThat(e.providerAtWork()).hasValue("xtts_v2"));
            assertThat(caller.interruptedAfter).isFalse();
            assertThat(chunks).hasValue(0);
            assertThat(xtts.interruptions()).isEqualTo(1);
            assertThat(piper.calls()).isZero();
            assertCancelledNotFailed(r, "xtts_v2");
        }
    }

    @Test
    void cancellingAStreamAfterItsFirstChunkRefusesTheNextOne() throws Exception {
        // 10 s of tone in 100 ms chunks, 50 ms apart: only a stop ends it early.
        ChunkedToneProvider endless = ChunkedToneProvider.of(
                ToneProvider.builder("endless").secondsPerCharacter(0.5).build(), 1600, Duration.ofMillis(50));
        try (VoiceRouter r = router(endless)) {
            CancelSignal signal = new CancelSignal();
            CountDownLatch firstChunk = new CountDownLatch(1);
            SpeechRequest request = SpeechRequest.builder("Twenty characters!!!", chain("endless"))
                    .cancelledBy(signal).build();
            Caller caller = Caller.start(() -> r.stream(request, c -> firstChunk.countDown()));
            assertThat(firstChunk.await(30, TimeUnit.SECONDS)).isTrue();
            signal.cancel();
            caller.join();

            assertThat(caller.thrown.get()).isInstanceOf(SpeechCancelledException.class);
            assertThat(caller.interruptedAfter).isFalse();
            assertThat(endless.active()).isZero();
            assertThat(endless.interruptions() + endless.refusedBySink()).isEqualTo(1);
            assertThat(endless.chunksMade()).isLessThan(50); // of 100
            assertCancelledNotFailed(r, "endless");
        }
    }

    @Test
    void aSignalCancelledBeforeTheCallEndsItWithoutAnyWork() {
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(piper)) {
            CancelSignal signal = new CancelSignal();
            signal.cancel();
            signal.cancel(); // idempotent
            SpeechRequest request = SpeechRequest.builder("Hello", chain("piper")).cancelledBy(signal).build();
            assertThatThrownBy(() -> r.synthesize(request)).isInstanceOfSatisfying(SpeechCancelledException.class,
                    e -> assertThat(e.providerAtWork()).isEmpty());
            assertThatThrownBy(() -> r.stream(request, c -> { })).isInstanceOf(SpeechCancelledException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            assertThat(piper.calls()).isZero();
            assertThat(signal.isCancelled()).isTrue();
        }
    }

    @Test
    void oneSignalStopsAnAsyncRequestAsCancelTrueDoes() throws Exception {
        BlockingProvider xtts = BlockingProvider.holdingSynthesis(ToneProvider.of("xtts_v2"));
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(xtts, piper)) {
            CancelSignal signal = new CancelSignal();
            CompletableFuture<SpeechResult> f = r.synthesizeAsync(SpeechRequest.builder("Hello", chain("xtts_v2", "piper"))
                    .cancelledBy(signal).build());
            assertThat(xtts.awaitStarted(1, Duration.ofSeconds(30))).isTrue();
            signal.cancel();
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (xtts.interruptions() < 1 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(xtts.interruptions()).isEqualTo(1);
            assertThat(piper.calls()).isZero();
        }
    }

    @Test
    void aSignalNeverCancelledChangesNothing() {
        ToneProvider piper = ToneProvider.of("piper");
        try (VoiceRouter r = router(piper)) {
            CancelSignal signal = new CancelSignal();
            for (int i = 0; i < 3; i++) {
                SpeechResult result = r.synthesize(SpeechRequest.builder("Hello " + i, chain("piper"))
                        .cancelledBy(signal).build());
                assertThat(result.providerId()).isEqualTo("piper");
            }
            signal.cancel(); // after the requests ended: nothing left to stop, and nothing breaks
            assertThat(r.stats().get("piper").successes()).isEqualTo(3);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    private VoiceRouter router(io.voicerouter.spi.TtsProvider... providers) {
        return VoiceRouter.builder().providers(List.of(providers)).observer(observer)
                .statsFlushInterval(Duration.ZERO).build();
    }

    /** The provider's call counts as a request, neither success nor failure; no cool-down; the observer heard a cancel. */
    private void assertCancelledNotFailed(VoiceRouter r, String id) {
        var stats = r.stats().get(id);
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.successes()).isZero();
        assertThat(stats.failures()).as("a cancel is not a failure").isZero();
        assertThat(r.health().get(id).attributes()).containsEntry("circuit", "closed");
        assertThat(ends).singleElement().satisfies(f -> assertThat(f).containsInstanceOf(CancellationException.class));
    }

    /** A thread that makes one blocking call and records how it ended. */
    private static final class Caller {
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        private Thread thread;

        static Caller start(Supplier<SpeechResult> call) {
            Caller c = new Caller();
            c.thread = new Thread(() -> {
                try {
                    call.get();
                } catch (Throwable t) {
                    c.thrown.set(t);
                }
                c.interruptedAfter.set(Thread.currentThread().isInterrupted());
            }, "caller");
            c.thread.start();
            return c;
        }

        void join() throws InterruptedException {
            thread.join(30_000);
            assertThat(thread.isAlive()).as("the call ended").isFalse();
        }
    }
}
