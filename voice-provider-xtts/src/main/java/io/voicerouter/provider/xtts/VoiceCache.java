package io.voicerouter.provider.xtts;

import ai.onnxruntime.OrtException;
import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.samples.SampleDecoder;
import io.voicerouter.samples.SampleFetchException;
import io.voicerouter.samples.SampleFetcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
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
 * Reference samples (local files or http(s) URLs; WAV or MP3) to conditioning, cached by the SHA-256 of
 * the samples' bytes so that a
 * personality's voice is computed once. Thread-safe (an LRU map under a lock; two threads may compute
 * the same voice once each, which is harmless).
 */
final class VoiceCache {
    /** A computed voice and its id (the hash of its samples). */
    record Voice(String id, XttsEngine.Conditioning conditioning) {
    }

    private static final int FETCHED_CAPACITY = 16;

    private final Map<String, Voice> cache;
    private final Map<URI, byte[]> fetched;
    private final SampleFetcher fetcher;

    VoiceCache(int capacity, SampleFetcher fetcher) {
        this.cache = lru(capacity);
        this.fetched = lru(FETCHED_CAPACITY);
        this.fetcher = fetcher;
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Where one reference sample comes from: a local file, or an http(s) URL fetched under the policy. */
    sealed interface Source permits Local, Remote {
    }

    record Local(Path path) implements Source {
        @Override
        public String toString() {
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        }
    }

    record Remote(URI uri) implements Source {
        @Override
        public String toString() {
            return redact(uri); // user info and query may hold tokens
        }
    }

    /**
     * The personality's reference samples: {@code voice_sample_url}, then any {@code voice_samples}
     * (a list of paths, {@code file:} or http(s) URLs, or objects with a {@code url}) kept in the entry's
     * extra fields.
     */
    static List<Source> sources(ProviderConfig config) {
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
                    "XTTS v2 clones a voice: set voice_sample_url to a 6-30 s WAV or MP3 recording of the personality");
        }
        List<Source> out = new ArrayList<>();
        for (String u : urls) {
            String lower = u.toLowerCase(Locale.ROOT);
            if (lower.startsWith("file:")) {
                out.add(new Local(Path.of(URI.create(u))));
            } else if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    out.add(new Remote(new URI(u)));
                } catch (URISyntaxException e) {
                    throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, "voice sample URL is malformed: "
                            + e.getReason());
                }
            } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, "voice sample URL scheme of "
                        + u.substring(0, u.indexOf(':')) + " is not supported: use https, http, file: or a path");
            } else {
                out.add(new Local(Path.of(u)));
            }
        }
        return out;
    }

    /** A stable id for the samples: their content hash, or their names when they cannot be read. */
    String identity(List<Source> samples) {
        try {
            return hash(bytes(samples));
        } catch (ProviderException e) {
            return samples.toString();
        }
    }

    Voice voice(List<Source> samples, XttsEngine engine) {
        List<byte[]> contents = bytes(samples);
        String id = hash(contents);
        synchronized (cache) {
            Voice v = cache.get(id);
            if (v != null) {
                return v;
            }
        }
        List<AudioData> audio = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Source source = samples.get(i);
            AudioData a;
            try {
                a = SampleDecoder.decode(contents.get(i)).audio();
            } catch (VoiceException | java.io.UncheckedIOException e) {
                throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT,
                        "voice sample " + source + " is not a readable WAV or MP3 file: " + e.getMessage(), e);
            }
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

    private List<byte[]> bytes(List<Source> samples) {
        List<byte[]> out = new ArrayList<>();
        for (Source s : samples) {
            out.add(s instanceof Remote r ? fetch(r) : readLocal((Local) s));
        }
        return out;
    }

    private static byte[] readLocal(Local l) {
        try {
            return Files.readAllBytes(l.path());
        } catch (IOException e) {
            throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, "cannot read voice sample " + l + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Downloads a remote sample once per provider (bounded LRU by URL): the router asks for the voice
     * identity and then synthesizes, and a personality speaks many lines with one sample.
     */
    private byte[] fetch(Remote r) {
        synchronized (fetched) {
            byte[] b = fetched.get(r.uri());
            if (b != null) {
                return b;
            }
        }
        byte[] b;
        try {
            b = fetcher.fetch(r.uri());
        } catch (SampleFetchException e) {
            ErrorKind kind = switch (e.reason()) {
                case TIMEOUT -> ErrorKind.TIMEOUT;
                case IO -> ErrorKind.SERVER_ERROR; // network trouble: transient, the router may retry
                case FORBIDDEN, HTTP_STATUS, NOT_AUDIO -> ErrorKind.BAD_INPUT;
            };
            throw new ProviderException(XttsProvider.ID, kind, "voice sample " + r + ": " + e.getMessage(), e);
        } catch (VoiceException e) { // too large
            throw new ProviderException(XttsProvider.ID, ErrorKind.BAD_INPUT, "voice sample " + r + ": " + e.getMessage(), e);
        }
        synchronized (fetched) {
            fetched.put(r.uri(), b);
        }
        return b;
    }

    private static String redact(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + host + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
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
