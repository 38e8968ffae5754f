package io.voicerouter.provider.styletts2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.samples.ReferenceSampleLoader;
import io.voicerouter.spi.SampleRequirements;

/**
 * Reference samples to style vectors: reads the sample (a path, a {@code file:} URL or an http(s) URL
 * under the provider's fetch policy; WAV or MP3) through voice-samples' {@link ReferenceSampleLoader}, checks its length against the requirements, resamples to 24 kHz, trims silence, computes the
 * mel and runs the two style encoders. Each distinct sample (by SHA-256 of its bytes) is encoded
 * once; concurrent first requests for one sample compute it once. Thread-safe.
 */
final class ReferenceStyles {
    static final String PROVIDER = StyleTts2ProviderFactory.ID;

    private final StyleTts2Model model;
    private final SampleRequirements requirements;
    private final ReferenceSampleLoader loader;
    private final Cache<String, Reference> cache = Caffeine.newBuilder().maximumSize(256).build();

    /** A sample's style and its length in seconds (before trimming). */
    record Reference(float[] style, double seconds) {
    }

    ReferenceStyles(StyleTts2Model model, SampleRequirements requirements, ReferenceSampleLoader loader) {
        this.model = model;
        this.requirements = requirements;
        this.loader = loader;
    }

    /** The style [256] of the sample at {@code location}, from the cache when seen before. */
    Reference reference(String location) {
        ReferenceSampleLoader.Sample sample = loader.read(location);
        Reference r = cache.get(sample.sha256(), k -> compute(sample));
        return new Reference(r.style().clone(), r.seconds());
    }

    long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Reference compute(ReferenceSampleLoader.Sample sample) {
        AudioData pcm = loader.decode(sample).toMono();
        double seconds = pcm.durationSeconds();
        SampleAdvice.rejection(seconds, requirements).ifPresent(advice -> {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT, advice);
        });
        float[] audio = Resampler.resample(pcm, MelFrontend.SAMPLE_RATE).samples();
        float[] trimmed = MelFrontend.trim(audio);
        if (trimmed.length <= MelFrontend.N_FFT / 2) {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT,
                    "voice sample is silent: nothing louder than 30 dB below its peak");
        }
        try {
            return new Reference(model.encodeStyle(MelFrontend.logMel(trimmed)), seconds);
        } catch (ai.onnxruntime.OrtException e) {
            throw new ProviderException(PROVIDER, ErrorKind.INTERNAL, "style encoder failed: " + e.getMessage(), e);
        }
    }
}
