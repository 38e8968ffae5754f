package io.voicerouter.bench.styletts2;

import io.voicerouter.spi.TtsProvider;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The provider every StyleTTS2 benchmark shares: the benchmark model opened once per trial with the
 * subclass's intra-op thread count. Subclasses add their own set-up in {@link #prepare()} and release
 * what it made in {@link #release()}; one {@code @Setup} here keeps the order fixed (JMH does not
 * order set-up methods across a class hierarchy).
 */
@State(Scope.Benchmark)
public abstract class StyleTts2BenchState {
    private final int threads;
    TtsProvider provider;

    StyleTts2BenchState(int threads) {
        this.threads = threads;
    }

    @Setup(Level.Trial)
    public final void setUp() throws Exception {
        provider = BenchModel.provider(threads);
        prepare();
    }

    @TearDown(Level.Trial)
    public final void tearDown() throws Exception {
        try {
            release();
        } finally {
            provider.close();
        }
    }

    /** Runs after the provider is open. */
    abstract void prepare() throws Exception;

    /** Runs before the provider is closed. */
    void release() throws Exception {
    }
}
