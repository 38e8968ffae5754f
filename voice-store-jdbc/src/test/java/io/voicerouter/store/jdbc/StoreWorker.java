package io.voicerouter.store.jdbc;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SkipReason;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.QuotaBucket;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.ToneProvider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One separate process of the multi-process tests: a real router on a shared {@link VoiceStore},
 * speaking unique lines of exactly {@code length} characters through a cloud tone provider whose
 * monthly bucket is {@code limit} characters, as personality {@code personality}. It prints
 * {@code OK <n>} after each line the router returned, keeps going until the quota has refused it
 * for {@code stopAfterMs}, and ends with {@code DONE <n>}.
 *
 * <p>As the victim ({@code blockAt > 0}), inside call number {@code blockAt} (its quota reservation
 * taken) it prints {@code BLOCKED} and hangs until it is killed.
 *
 * <p>Arguments: url personality limit length ttlMs stopAfterMs blockAt
 */
public final class StoreWorker {
    static final String PROVIDER = "tone_cloud";
    static final String BUCKET = "tone/standard";

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String personality = args[1];
        long limit = Long.parseLong(args[2]);
        int length = Integer.parseInt(args[3]);
        long ttlMs = Long.parseLong(args[4]);
        long stopAfterMs = Long.parseLong(args[5]);
        int blockAt = Integer.parseInt(args[6]);

        ToneProvider tone = ToneProvider.builder(PROVIDER).cloud(BUCKET, limit).build();
        TtsProvider provider = blockAt > 0 ? new Hanging(tone, blockAt) : tone;
        try (VoiceStore store = VoiceStore.builder().url(url).maximumPoolSize(2)
                .reservationTimeToLive(Duration.ofMillis(ttlMs)).build();
             VoiceRouter router = store.attachTo(VoiceRouter.builder()).providers(List.of(provider))
                     .quota(BUCKET, limit).statsFlushInterval(Duration.ZERO).build()) {
            router.initialize();
            VoiceConfig config = VoiceConfig.singleProvider(PROVIDER);
            int ok = 0;
            long refusedSince = -1;
            for (int i = 0; ; i++) {
                String text = line(personality, i, length);
                try {
                    router.synthesize(SpeechRequest.builder(text, config).personality(personality).build());
                    ok++;
                    System.out.println("OK " + ok);
                    refusedSince = -1;
                } catch (AllProvidersFailedException e) {
                    if (!quotaRefused(e)) {
                        throw e;
                    }
                    long now = System.nanoTime();
                    if (refusedSince < 0) {
                        refusedSince = now;
                    }
                    // Done when nothing can free room any more: no live reservation is left to lapse
                    // or be refunded. The time limit is only a backstop.
                    if (store.reserved(month(), BUCKET) == 0 || now - refusedSince > stopAfterMs * 1_000_000L) {
                        break;
                    }
                    Thread.sleep(20);
                }
            }
            System.out.println("DONE " + ok);
        }
    }

    private static String month() {
        return java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    }

    static String line(String personality, int i, int length) {
        StringBuilder sb = new StringBuilder(personality + " line " + i + " ");
        while (sb.length() < length) {
            sb.append('.');
        }
        if (sb.length() > length) {
            throw new IllegalArgumentException("length too small for " + sb);
        }
        return sb.toString();
    }

    private static boolean quotaRefused(AllProvidersFailedException e) {
        return e.attempts().stream().allMatch(a -> a instanceof Attempt.Skipped s && s.reason() == SkipReason.QUOTA_EXHAUSTED);
    }

    /** The tone provider, except that call {@code blockAt} hangs (after saying so). */
    private static final class Hanging implements TtsProvider {
        private final ToneProvider tone;
        private final int blockAt;
        private final AtomicInteger calls = new AtomicInteger();

        Hanging(ToneProvider tone, int blockAt) {
            this.tone = tone;
            this.blockAt = blockAt;
        }

        @Override
        public ProviderCapabilities capabilities() {
            return tone.capabilities();
        }

        @Override
        public SynthesisOutput synthesize(SynthesisRequest request) {
            if (calls.incrementAndGet() == blockAt) {
                System.out.println("BLOCKED");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return tone.synthesize(request);
        }

        @Override
        public Optional<QuotaBucket> quotaBucket(SynthesisRequest request) {
            return tone.quotaBucket(request);
        }
    }
}
