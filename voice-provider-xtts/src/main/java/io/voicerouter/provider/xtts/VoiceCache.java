package io.voicerouter.provider.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.samples.ReferenceSampleLoader;
import io.voicerouter.spi.VoiceSelection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reference samples (local files or http(s) URLs; WAV or MP3, loaded by voice-samples'
 * {@link ReferenceSampleLoader}) to conditioning, cached by the SHA-256 of the samples' bytes so that a
 * personality's voice is computed once. Thread-safe (an LRU map under a lock; two threads may compute
 * the same voice once each, which is harmless).
 */
final class VoiceCache {
    /** A computed voice and its id (the hash of its samples). */
    record Voice(String id, XttsEngine.Conditioning conditioning) {
    }

    private final Map<String, Voice> cache;
    private final ReferenceSampleLoader loader;

    VoiceCache(int capacity, ReferenceSampleLoader loader) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Voice> eldest) {
                return size() > capacity;
            }
        };
        this.loader = loader;
    }

    /**
     * The personality's reference samples: {@code voice_sample_url}, then any {@code voice_samples}
     * (a list of paths, {@code file:} or http(s) URLs, or objects with a {@code url}) kept in the entry's
     * extra fields; {@code ProviderConfig.voice()} gathers both.
     */
    static List<String> sources(VoiceSelection voice) {
        List<String> urls = voice.samples();
        if (urls.isEmpty()) {
            throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT,
                    "XTTS v2 clones a voice: set voice_sample_url to a 6-30 s WAV or MP3 recording of the personality");
        }
        return urls;
    }

    /** A stable id for the samples: their content hash, or their names when they cannot be read. */
    String identity(List<String> samples) {
        try {
            return hash(bytes(samples));
        } catch (ProviderException e) {
            // hashed: a location may carry a token in its query
            return "unreadable:" + hash(List.of(String.join("\n", samples).getBytes(StandardCharsets.UTF_8)));
        }
    }

    Voice voice(List<String> samples, XttsEngine engine) {
        List<ReferenceSampleLoader.Sample> contents = read(samples);
        String id = hash(contents.stream().map(ReferenceSampleLoader.Sample::bytes).toList());
        synchronized (cache) {
            Voice v = cache.get(id);
            if (v != null) {
                return v;
            }
        }
        List<AudioData> audio = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            String source = contents.get(i).name();
            AudioData a = loader.decode(contents.get(i));
            double seconds = a.durationSeconds();
            if (!XttsProvider.SAMPLES.accepts(seconds)) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, String.format(Locale.ROOT,
                        "voice sample %s is %.1f s long; XTTS v2 needs %.0f-%.0f s of clean speech (%.0f-%.0f s is best): "
                                + "one speaker, natural conversational speech, a quiet room without echo or music",
                        source, seconds, XttsProvider.SAMPLES.minSeconds(), XttsProvider.SAMPLES.maxSeconds(),
                        XttsProvider.SAMPLES.optimalMinSeconds(), XttsProvider.SAMPLES.optimalMaxSeconds()));
            }
            audio.add(a);
        }
        Voice v;
        try {
            v = new Voice(id, engine.condition(audio));
        } catch (OrtException e) {
            throw new ProviderException(XttsProvider.ID, ErrorKind.INTERNAL, "conditioning failed: " + e.getMessage(), e);
        }
        synchronized (cache) {
            cache.put(id, v);
        }
        return v;
    }

    private List<ReferenceSampleLoader.Sample> read(List<String> samples) {
        return samples.stream().map(loader::read).toList();
    }

    private List<byte[]> bytes(List<String> samples) {
        return read(samples).stream().map(ReferenceSampleLoader.Sample::bytes).toList();
    }

    private static String hash(List<byte[]> samples) {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (byte[] b : samples) {
                all.update(MessageDigest.getInstance("SHA-256").digest(b));
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
