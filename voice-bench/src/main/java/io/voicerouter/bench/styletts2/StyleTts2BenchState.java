package io.voicerouter.bench.styletts2;

import io.voicerouter.bench.ProviderBenchState;
import io.voicerouter.spi.TtsProvider;

/**
 * The provider every StyleTTS2 benchmark shares: the benchmark model opened once per trial with the
 * subclass's intra-op thread count.
 */
public abstract class StyleTts2BenchState extends ProviderBenchState<TtsProvider> {
    private final int threads;

    StyleTts2BenchState(int threads) {
        this.threads = threads;
    }

    @Override
    protected TtsProvider open() {
        return BenchModel.provider(threads);
    }
}
