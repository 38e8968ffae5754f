package io.voicerouter.cache.redis;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;

import java.util.List;

/**
 * Another instance, in its own JVM: a router with a Redis-backed cache speaks one line and prints
 * {@code RESULT cached=<bool> calls=<n> samples=<n>}. Arguments: redisUrl text delayMs.
 */
public final class RedisWorker {
    public static void main(String[] args) throws Exception {
        SlowTone tone = new SlowTone(Long.parseLong(args[2]));
        try (RedisSynthesisCache cache = RedisSynthesisCache.builder().url(args[0]).build();
             VoiceRouter router = VoiceRouter.builder().providers(List.of(tone)).cache(cache).build()) {
            router.initialize();
            SpeechResult r = router.synthesize(SpeechRequest.of(args[1], VoiceConfig.singleProvider("piper")));
            System.out.println("RESULT cached=" + r.cached() + " calls=" + tone.calls() + " samples="
                    + r.audio().sampleCount());
        }
    }
}
