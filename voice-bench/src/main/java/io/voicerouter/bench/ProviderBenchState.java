package io.voicerouter.bench;

import io.voicerouter.spi.TtsProvider;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One provider opened per trial and closed after it, for the benchmarks of one provider to share.
 * Subclasses open it in {@link #open()}, add their own set-up in {@link #prepare()} and release what
 * that made in {@link #release()}; the single {@code @Setup} here keeps that order fixed (JMH does
 * not order set-up methods across a class hierarchy).
 *
 * @param <P> the provider's type
 */
@State(Scope.Benchmark)
public abstract class ProviderBenchState<P extends TtsProvider> {
    protected P provider;

    @Setup(Level.Trial)
    public final void setUp() throws Exception {
        provider = open();
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

    /** The provider, initialized. */
    protected abstract P open() throws Exception;

    /** Runs after the provider is open. */
    protected abstract void prepare() throws Exception;

    /** Runs before the provider is closed. */
    protected void release() throws Exception {
    }
}
