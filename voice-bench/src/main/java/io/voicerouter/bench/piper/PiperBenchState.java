package io.voicerouter.bench.piper;

import io.voicerouter.provider.piper.PiperProvider;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;

/**
 * The parameters and the provider every Piper benchmark shares: the benchmark voice opened once per
 * trial with {@code device}, {@code intraOpThreads} and {@code spinWait}. Subclasses add their own
 * set-up in {@link #prepare()} and release what it made in {@link #release()}; one {@code @Setup}
 * here keeps the order fixed (JMH does not order set-up methods across a class hierarchy).
 */
@State(Scope.Benchmark)
public abstract class PiperBenchState {
    @Param({"cpu"})
    public String device;
    /** 0 lets ONNX Runtime choose. */
    @Param({"0"})
    public int intraOpThreads;
    @Param({"true"})
    public boolean spinWait;

    Path model;
    PiperProvider provider;

    @Setup(Level.Trial)
    public final void setUp() throws Exception {
        model = BenchVoice.model();
        provider = BenchVoice.provider(model, device, intraOpThreads, spinWait);
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
