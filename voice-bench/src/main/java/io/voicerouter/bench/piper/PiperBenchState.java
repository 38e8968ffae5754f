package io.voicerouter.bench.piper;

import io.voicerouter.bench.ProviderBenchState;
import io.voicerouter.provider.piper.PiperProvider;
import org.openjdk.jmh.annotations.Param;

import java.nio.file.Path;

/**
 * The parameters and the provider every Piper benchmark shares: the benchmark voice opened once per
 * trial with {@code device}, {@code intraOpThreads} and {@code spinWait}.
 */
public abstract class PiperBenchState extends ProviderBenchState<PiperProvider> {
    @Param({"cpu"})
    public String device;
    /** 0 lets ONNX Runtime choose. */
    @Param({"0"})
    public int intraOpThreads;
    @Param({"true"})
    public boolean spinWait;

    Path model;

    @Override
    protected PiperProvider open() {
        model = BenchVoice.model();
        return BenchVoice.provider(model, device, intraOpThreads, spinWait);
    }
}
