package io.voicerouter.bench.piper;

import io.voicerouter.audio.AudioData;
import io.voicerouter.bench.Paired;
import io.voicerouter.encode.AudioEncoder;
import io.voicerouter.encode.AudioEncoders;
import io.voicerouter.encode.EncoderSettings;
import io.voicerouter.encode.OutputFormat;
import io.voicerouter.encoders.FfmpegEncoder;
import io.voicerouter.encoders.JavaFlacEncoder;
import io.voicerouter.encoders.JavaOpusEncoder;
import io.voicerouter.encoders.PcmEncoder;
import io.voicerouter.spi.SynthesisRequest;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What encoding costs next to synthesis: {@code encode} turns the sentence Piper made (22050 Hz audio
 * from the medium architecture) into {@code format} with its default settings;
 * {@code paired} runs Piper's synthesis of that sentence and the encode back to back and prints, at
 * the end of the trial, the median encode time per second of audio and as a share of synthesis time.
 * {@code encoder=ffmpeg} or {@code java} picks one side where both can encode (opus, flac).
 *
 * <pre>java -jar voice-bench/target/benchmarks.jar EncodingCostBenchmark \
 *     -jvmArgs -Dpiper.bench.model=/path/en_US-...-medium.onnx</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 6, time = 2)
@Fork(1)
public class EncodingCostBenchmark extends PiperBenchState {
    @Param({"wav", "pcm", "mulaw", "alaw", "mp3", "opus", "aac", "flac"})
    public String format;
    /**
     * {@code auto}: what {@link AudioEncoders#installed()} picks; {@code ffmpeg}: ffmpeg only (mp3, opus,
     * aac, flac); {@code java}: the pure-Java encoders only (wav, pcm, G.711, opus, flac).
     */
    @Param({"auto"})
    public String encoder;

    private SynthesisRequest request;
    private AudioData audio;
    private AudioEncoders encoders;
    private EncoderSettings settings;

    @Override
    protected void prepare() {
        request = BenchVoice.request(provider, model, BenchVoice.SENTENCE);
        audio = provider.synthesize(request).audio();
        encoders = switch (encoder) {
            case "ffmpeg" -> AudioEncoders.of(List.of(new FfmpegEncoder()));
            case "java" -> AudioEncoders.of(List.of(new PcmEncoder(), new JavaOpusEncoder(), new JavaFlacEncoder()));
            default -> AudioEncoders.installed();
        };
        settings = EncoderSettings.of(OutputFormat.parse(format));
        AudioEncoder chosen = encoders.encoderFor(settings.format());
        // One pair per iteration is all a slow synthesis allows, so the encoder is compiled here first.
        for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
            encode();
        }
        System.out.printf(Locale.ROOT, "%n%s by %s: %.2f s of %d Hz audio -> %d bytes%n", settings, chosen.id(),
                audio.durationSeconds(), audio.sampleRate(), encode().length);
    }

    /** Per-pair times, for the medians printed after the trial. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long encodeMicros;
        public long synthesisMicros;
        final Paired pair = new Paired();
        final List<long[]> pairs = new ArrayList<>();
        double audioSeconds;
        String label;

        boolean measuring;

        @Setup(Level.Iteration)
        public void reset(IterationParams iteration) {
            encodeMicros = 0;
            synthesisMicros = 0;
            measuring = iteration.getType() == IterationType.MEASUREMENT; // warm-up pairs stay out of the medians
        }

        @TearDown(Level.Trial)
        public void report() {
            if (pairs.isEmpty()) {
                return;
            }
            List<Double> shares = new ArrayList<>();
            List<Long> encodes = new ArrayList<>();
            for (long[] p : pairs) {
                shares.add((double) p[0] / p[1]);
                encodes.add(p[0]);
            }
            Collections.sort(shares);
            Collections.sort(encodes);
            double encodeMs = encodes.get(encodes.size() / 2) / 1e6;
            System.out.printf(Locale.ROOT, "%n%s: median encode %.2f ms = %.2f ms per second of audio = %.2f %% of "
                            + "Piper's synthesis time (%d pairs)%n", label, encodeMs, encodeMs / audioSeconds,
                    100 * shares.get(shares.size() / 2), pairs.size());
        }
    }

    @Benchmark
    public void paired(Split split, Blackhole bh) throws Exception {
        split.label = settings + " by " + encoders.encoderFor(settings.format()).id();
        split.audioSeconds = audio.durationSeconds();
        split.pair.run(bh, this::encode, () -> provider.synthesize(request));
        split.encodeMicros += split.pair.subjectNanos() / 1000;
        split.synthesisMicros += split.pair.baselineNanos() / 1000;
        if (split.measuring) {
            split.pairs.add(new long[] {split.pair.subjectNanos(), split.pair.baselineNanos()});
        }
    }

    @Benchmark
    public byte[] encode() {
        return encoders.encode(audio, settings);
    }
}
