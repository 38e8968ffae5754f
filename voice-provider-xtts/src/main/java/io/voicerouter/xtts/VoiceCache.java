package io.voicerouter.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reference samples to conditioning, cached by the SHA-256 of the samples' bytes so that a
 * personality's voice is computed once. Thread-safe (an LRU map under a lock; two threads may compute
 * the same voice once each, which is harmless).
 */
final class VoiceCache {
    /** A computed voice and its id (the hash of its samples). */
    record Voice(String id, XttsEngine.Conditioning conditioning) {
    }

    private final Map<String, Voice> cache;

    VoiceCache(int capacity) {
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Voice> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The personality's reference samples: {@code voice_sample_url}, then any {@code voice_samples}
     * (a list of paths, {@code file:} URLs, or objects with a {@code url}) kept in the entry's extra fields.
     */
    static List<Path> samplePaths(ProviderConfig config) {
        List<String> urls = new ArrayList<>();
        config.voiceSampleUrl().ifPresent(urls::add);
        Object more = config.extra().get("voice_samples");
        if (more instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    urls.add(s);
                } else if (o instanceof Map<?, ?> m && m.get("url") instanceof String s) {
                    urls.add(s);
                }
            }
        }
        if (urls.isEmpty()) {
            throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT,
                    "XTTS v2 clones a voice: set voice_sample_url to a 6-30 s WAV recording of the personality");
        }
        List<Path> out = new ArrayList<>();
        for (String u : urls) {
            String lower = u.toLowerCase(Locale.ROOT);
            if (lower.startsWith("file:")) {
                out.add(Path.of(URI.create(u)));
            } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, "voice sample " + u
                        + " is remote: XTTS v2 reads local WAV files; download it first (voice-samples)");
            } else {
                out.add(Path.of(u));
            }
        }
        return out;
    }

    /** A stable id for the samples: their content hash, or their paths when they cannot be read. */
    static String identity(List<Path> samples) {
        try {
            return hash(samples);
        } catch (IOException e) {
            return samples.toString();
        }
    }

    Voice voice(List<Path> samples, XttsEngine engine) {
        String id;
        try {
            id = hash(samples);
        } catch (IOException e) {
            throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT,
                    "cannot read voice sample: " + e.getMessage(), e);
        }
        synchronized (cache) {
            Voice v = cache.get(id);
            if (v != null) {
                return v;
            }
        }
        List<AudioData> audio = new ArrayList<>();
        for (Path p : samples) {
            AudioData a;
            try {
                a = WavCodec.read(p).audio();
            } catch (VoiceException | java.io.UncheckedIOException e) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT,
                        "voice sample " + p.getFileName() + " is not a readable WAV file: " + e.getMessage(), e);
            }
            double seconds = a.durationSeconds();
            if (!XttsProvider.SAMPLES.accepts(seconds)) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, String.format(Locale.ROOT,
                        "voice sample %s is %.1f s long; XTTS v2 needs %.0f-%.0f s of clean speech (%.0f-%.0f s is best): "
                                + "one speaker, natural conversational speech, a quiet room without echo or music",
                        p.getFileName(), seconds, XttsProvider.SAMPLES.minSeconds(), XttsProvider.SAMPLES.maxSeconds(),
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

    private static String hash(List<Path> samples) throws IOException {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            for (Path p : samples) {
                all.update(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
