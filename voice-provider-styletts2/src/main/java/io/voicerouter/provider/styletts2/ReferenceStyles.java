package io.voicerouter.provider.styletts2;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.SampleRequirements;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reference samples to style vectors: reads the sample (a {@code file:} URL or a path; WAV),
 * checks its length against the requirements, resamples to 24 kHz, trims silence, computes the
 * mel and runs the two style encoders. Each distinct sample (by SHA-256 of its bytes) is encoded
 * once; concurrent first requests for one sample compute it once. Thread-safe.
 */
final class ReferenceStyles {
    static final String PROVIDER = StyleTts2ProviderFactory.ID;

    private final StyleTts2Model model;
    private final SampleRequirements requirements;
    private final Cache<String, Reference> cache = Caffeine.newBuilder().maximumSize(256).build();

    /** A sample's style and its length in seconds (before trimming). */
    record Reference(float[] style, double seconds) {
    }

    ReferenceStyles(StyleTts2Model model, SampleRequirements requirements) {
        this.model = model;
        this.requirements = requirements;
    }

    /** A reference sample's bytes and their SHA-256. */
    record Sample(byte[] bytes, String sha256) {
    }

    static Sample read(String location) {
        boolean fileUrl = location.regionMatches(true, 0, "file:", 0, 5);
        if (location.contains("://") && !fileUrl) {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT,
                    "voice sample must be a local file (file: URL or path); download remote samples first");
        }
        Path path;
        try {
            path = fileUrl ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT,
                    "voice sample location is not a file URL or path: " + location);
        }
        try {
            byte[] bytes = Files.readAllBytes(path);
            return new Sample(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (IOException e) {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT, "cannot read voice sample " + path
                    + ": " + e.getClass().getSimpleName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The style [256] of the sample at {@code location}, from the cache when seen before. */
    Reference reference(String location) {
        Sample sample = read(location);
        Reference r = cache.get(sample.sha256(), k -> compute(sample));
        return new Reference(r.style().clone(), r.seconds());
    }

    long cachedCount() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Reference compute(Sample sample) {
        AudioData pcm;
        try {
            pcm = WavCodec.read(sample.bytes()).audio().toMono();
        } catch (AudioFormatException e) {
            throw new ProviderException(PROVIDER, ErrorKind.BAD_INPUT, "voice sample is not a readable WAV file: "
                    + e.getMessage(), e);
        }
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
