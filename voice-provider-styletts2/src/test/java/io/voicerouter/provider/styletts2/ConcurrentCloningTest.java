package io.voicerouter.provider.styletts2;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One provider shared by many threads: same answers, and the sample's style encoded once. */
class ConcurrentCloningTest {

    @Test
    void manyThreadsShareOneProviderAndOneCachedStyle() throws Exception {
        StyleTts2Provider provider = new StyleTts2Provider(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).build(), TestData.NO_ESPEAK);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            provider.initialize();
            Map<String, Object> settings = Map.of("input_phonemes", true, "diffusion_steps", 3);
            ProviderConfig config = ProviderConfig.enabledDefault()
                    .withVoiceSample(TestData.path("ref24k.wav").toString(), 6.1).withSettings(settings);
            SynthesisRequest request = SynthesisRequest.of("hɛlˈoʊ.", "en", config.voice(),
                    Settings.resolve(provider.capabilities().settings(), settings));
            CountDownLatch start = new CountDownLatch(1);
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return provider.synthesize(request).audio().samples();
                }));
            }
            start.countDown();
            float[] first = results.get(0).get(60, TimeUnit.SECONDS);
            for (Future<float[]> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(first);
            }
            assertThat(provider.cachedReferenceStyles()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            provider.close();
        }
    }
}
