package io.voicerouter.samples;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.error.VoiceException;
import io.voicerouter.internal.io.RegularFiles;
import io.voicerouter.spi.ProviderContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A voice-cloning provider's reference samples, from a {@code voice_sample_url} to bytes and audio: a
 * path, a {@code file:} URL, or an http(s) URL fetched by {@link SampleFetcher} under a {@link FetchPolicy};
 * WAV or MP3 decoded by {@link SampleDecoder}. Every failure is a {@link ProviderException} of the
 * provider: a refused URL, an HTTP error, content that is not audio or an unreadable file is
 * {@link ErrorKind#BAD_INPUT}; a time-out {@link ErrorKind#TIMEOUT}; a network failure
 * {@link ErrorKind#SERVER_ERROR} (transient: the router may try again). Messages name a URL without its
 * user info or query, which may hold tokens. Remote bytes are kept per URL (a small LRU) because a
 * personality speaks many lines with one sample. Thread-safe.
 */
public final class ReferenceSampleLoader {
    private static final int FETCHED_CAPACITY = 16;

    /** A sample's bytes and a name for messages (a file name, or a URL without user info and query). */
    public record Sample(String name, byte[] bytes) {
        public Sample {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bytes, "bytes");
        }

        /** The SHA-256 of the bytes, lower-case hex: the sample's identity whatever its location. */
        public String sha256() {
            return SampleStore.sha256(bytes);
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    private final String providerId;
    private final SampleFetcher fetcher;
    private final Map<URI, byte[]> fetched = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<URI, byte[]> eldest) {
            return size() > FETCHED_CAPACITY;
        }
    };

    private ReferenceSampleLoader(String providerId, SampleFetcher fetcher) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    }

    public static ReferenceSampleLoader create(String providerId, FetchPolicy policy) {
        return new ReferenceSampleLoader(providerId, SampleFetcher.create(policy));
    }

    /**
     * voice-samples' default policy (https to public hosts, 25 MiB), loosened only by the provider's own
     * options {@code <providerId>.sample_fetch.allow_http} and {@code <providerId>.sample_fetch.allow_private_hosts}
     * (a host's own sample server), each {@code true} or {@code false}.
     *
     * @throws io.voicerouter.error.InvalidOptionException naming an option set to anything else: a
     *         loosened fetch policy is never guessed from a typo
     */
    public static ReferenceSampleLoader fromContext(ProviderContext context, String providerId) {
        return create(providerId, FetchPolicy.builder()
                .allowPlainHttp(flag(context, providerId + ".sample_fetch.allow_http"))
                .allowPrivateNetworks(flag(context, providerId + ".sample_fetch.allow_private_hosts"))
                .build());
    }

    private static boolean flag(ProviderContext context, String key) {
        return context.booleanOption(key).orElse(false);
    }

    /** The sample's bytes; remote ones from the per-URL cache when fetched before. */
    public Sample read(String location) {
        Objects.requireNonNull(location, "location");
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = new URI(location);
            } catch (URISyntaxException e) {
                throw bad("voice sample URL is malformed: " + e.getReason(), e);
            }
            return new Sample(SampleFetcher.redact(uri), fetch(uri));
        }
        if (lower.matches("^[a-z][a-z0-9+.-]*://.*") && !lower.startsWith("file:")) {
            throw bad("voice sample URL scheme " + location.substring(0, location.indexOf(':'))
                    + " is not supported: use https, http, file: or a path", null);
        }
        Path path;
        try {
            path = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw bad("voice sample location is not a file URL or path", e);
        }
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        try {
            // The fetch policy's cap holds for local files too; a FIFO or device is refused unopened.
            return new Sample(name, RegularFiles.readAllBytes(path, fetcher.policy().maxBytes()));
        } catch (RegularFiles.NotRegularFileException | RegularFiles.FileTooLargeException e) {
            throw bad("cannot read voice sample " + name + ": it " + e.getReason(), e);
        } catch (IOException e) {
            throw bad("cannot read voice sample " + name + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The sample's audio at its own rate and channel count (WAV or MP3, recognized from the bytes). */
    public AudioData decode(Sample sample) {
        try {
            return SampleDecoder.decode(sample.bytes()).audio();
        } catch (VoiceException | UncheckedIOException e) {
            throw bad("voice sample " + sample.name() + " is not a readable WAV or MP3 file: " + e.getMessage(), e);
        }
    }

    /** {@link #read} then {@link #decode}, mixed down to mono. */
    public AudioData load(String location) {
        return decode(read(location)).toMono();
    }

    private byte[] fetch(URI uri) {
        synchronized (fetched) {
            byte[] b = fetched.get(uri);
            if (b != null) {
                return b;
            }
        }
        byte[] b;
        try {
            b = fetcher.fetch(uri);
        } catch (SampleFetchException e) {
            ErrorKind kind = switch (e.reason()) {
                case TIMEOUT -> ErrorKind.TIMEOUT;
                case IO -> ErrorKind.SERVER_ERROR;
                case FORBIDDEN, HTTP_STATUS, NOT_AUDIO -> ErrorKind.BAD_INPUT;
            };
            throw new ProviderException(providerId, kind, "voice sample " + SampleFetcher.redact(uri) + ": " + e.getMessage(), e);
        } catch (VoiceException e) { // too large
            throw bad("voice sample " + SampleFetcher.redact(uri) + ": " + e.getMessage(), e);
        }
        synchronized (fetched) {
            fetched.put(uri, b);
        }
        return b;
    }

    private ProviderException bad(String message, Throwable cause) {
        return cause == null ? new ProviderException(providerId, ErrorKind.BAD_INPUT, message)
                : new ProviderException(providerId, ErrorKind.BAD_INPUT, message, cause);
    }
}
