package io.voicerouter.samples;

import io.voicerouter.samples.SampleFetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches sample bytes from {@code http:}, {@code https:} and {@code file:} URLs under a
 * {@link FetchPolicy}: size cap (checked on Content-Length and again while reading), connect and
 * total time-outs, content checks (an audio or octet-stream type, and bytes that start like WAV or
 * MP3), redirects followed by hand and only to the same scheme, no private-network hosts unless
 * allowed, and {@code file:} URLs only below directories the host allowed. Messages name the URL
 * without its query or user info, which may hold tokens. Thread-safe.
 */
public final class SampleFetcher {
    private final FetchPolicy policy;
    private final HttpClient client;

    private SampleFetcher(FetchPolicy policy) {
        this.policy = policy;
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.connectTimeout()).build();
    }

    public static SampleFetcher create(FetchPolicy policy) {
        return new SampleFetcher(Objects.requireNonNull(policy, "policy"));
    }

    public FetchPolicy policy() {
        return policy;
    }

    /** Fetches and returns the bytes, which start like a WAV or MP3 file. */
    public byte[] fetch(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        byte[] bytes = switch (scheme) {
            case "file" -> readFile(uri);
            case "http", "https" -> fetchHttp(uri, scheme);
            default -> throw new SampleFetchException(Reason.FORBIDDEN,
                    "unsupported URL scheme '" + scheme + "': use https, http or an allowed file: URL");
        };
        if (!SampleDecoder.isSupported(bytes)) {
            throw new SampleFetchException(Reason.NOT_AUDIO, redact(uri) + " is not a WAV or MP3 file");
        }
        return bytes;
    }

    /** Fetches and decodes. */
    public DecodedSample fetchAndDecode(URI uri) {
        return SampleDecoder.decode(fetch(uri));
    }

    private byte[] readFile(URI uri) {
        if (policy.fileRoots().isEmpty()) {
            throw new SampleFetchException(Reason.FORBIDDEN, "file: URLs are not allowed by this fetch policy");
        }
        Path real;
        try {
            real = Path.of(uri).toRealPath();
        } catch (NoSuchFileException e) {
            throw new SampleFetchException(Reason.IO, "no such file: " + redact(uri), e);
        } catch (IOException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new SampleFetchException(Reason.FORBIDDEN, "cannot resolve " + redact(uri), e);
        }
        boolean allowed = policy.fileRoots().stream().anyMatch(root -> {
            try {
                return real.startsWith(root.toRealPath());
            } catch (IOException e) {
                return false;
            }
        });
        if (!allowed) {
            throw new SampleFetchException(Reason.FORBIDDEN, redact(uri) + " is outside the allowed directories");
        }
        try {
            if (!Files.isRegularFile(real)) {
                throw new SampleFetchException(Reason.FORBIDDEN, redact(uri) + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > policy.maxBytes()) {
                throw tooLarge(size);
            }
            try (InputStream in = Files.newInputStream(real)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxBytes() + 1));
                if (bytes.length > policy.maxBytes()) {
                    throw tooLarge(bytes.length); // it grew while we read it
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new SampleFetchException(Reason.IO, "cannot read " + redact(uri), e);
        }
    }

    private byte[] fetchHttp(URI start, String scheme) {
        if (scheme.equals("http") && !policy.allowPlainHttp()) {
            throw new SampleFetchException(Reason.FORBIDDEN, "plain http is not allowed; use https");
        }
        long deadline = System.nanoTime() + policy.totalTimeout().toNanos();
        URI uri = start;
        for (int redirects = 0; ; redirects++) {
            checkHost(uri);
            HttpResponse<byte[]> response = send(uri, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                if (redirects >= policy.maxRedirects()) {
                    throw new SampleFetchException(Reason.FORBIDDEN, "too many redirects from " + redact(start));
                }
                URI next = response.headers().firstValue("Location").map(uri::resolve)
                        .orElseThrow(() -> new SampleFetchException(Reason.HTTP_STATUS,
                                "redirect without a Location from " + redact(start)));
                if (!scheme.equalsIgnoreCase(next.getScheme())) {
                    throw new SampleFetchException(Reason.FORBIDDEN, "refusing a redirect from " + scheme
                            + " to " + next.getScheme() + " (" + redact(next) + ")");
                }
                uri = next;
                continue;
            }
            if (status != 200) {
                throw new SampleFetchException(Reason.HTTP_STATUS, redact(uri) + " answered HTTP " + status);
            }
            return response.body();
        }
    }

    private HttpResponse<byte[]> send(URI uri, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SampleFetchException(Reason.TIMEOUT, "fetching " + redact(uri) + " took too long");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(java.time.Duration.ofNanos(remaining))
                .header("Accept", "audio/wav, audio/x-wav, audio/mpeg, application/octet-stream;q=0.5").build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(new byte[0]);
            }
            checkHeaders(uri, info);
            return new CappedBodySubscriber(policy.maxBytes());
        });
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new SampleFetchException(Reason.TIMEOUT, "fetching " + redact(uri) + " took too long", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new SampleFetchException(Reason.IO, "interrupted while fetching " + redact(uri), e);
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof SampleTooLargeException tooLarge) {
                    throw new SampleTooLargeException(tooLarge.getMessage(), tooLarge.limit());
                }
                if (t instanceof SampleFetchException fetch) {
                    throw new SampleFetchException(fetch.reason(), fetch.getMessage(), e);
                }
                if (t instanceof java.net.http.HttpTimeoutException) {
                    throw new SampleFetchException(Reason.TIMEOUT, "fetching " + redact(uri) + " took too long", e);
                }
            }
            throw new SampleFetchException(Reason.IO, "cannot fetch " + redact(uri) + ": "
                    + e.getCause().getClass().getSimpleName(), e);
        }
    }

    private void checkHeaders(URI uri, HttpResponse.ResponseInfo info) {
        info.headers().firstValueAsLong("Content-Length").ifPresent(length -> {
            if (length > policy.maxBytes()) {
                throw tooLarge(length);
            }
        });
        Optional<String> type = info.headers().firstValue("Content-Type")
                .map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
        if (type.isPresent() && !type.get().startsWith("audio/") && !type.get().equals("application/octet-stream")
                && !type.get().equals("binary/octet-stream")) {
            throw new SampleFetchException(Reason.NOT_AUDIO,
                    redact(uri) + " has content type " + type.get() + ", not audio");
        }
    }

    private void checkHost(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new SampleFetchException(Reason.FORBIDDEN, "URL has no host: " + redact(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new SampleFetchException(Reason.FORBIDDEN, "URLs with user info are not fetched; "
                    + "put credentials in the host's storage, not in the sample URL");
        }
        if (policy.allowPrivateNetworks()) {
            return;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!isPublic(a)) {
                    throw new SampleFetchException(Reason.FORBIDDEN, redact(uri)
                            + " resolves to a private or local address; samples are fetched from public hosts only");
                }
            }
        } catch (UnknownHostException e) {
            throw new SampleFetchException(Reason.IO, "unknown host in " + redact(uri), e);
        }
    }

    /** See {@link PublicAddresses}: every IANA special-purpose range, and IPv6 forms judged by the IPv4 they carry. */
    static boolean isPublic(InetAddress a) {
        return PublicAddresses.isPublic(a);
    }

    private SampleTooLargeException tooLarge(long size) {
        return new SampleTooLargeException(String.format(Locale.ROOT,
                "sample is %d bytes; the limit is %d", size, policy.maxBytes()), policy.maxBytes());
    }

    /** scheme://host[:port]/path: no user info, no query, no fragment. */
    public static String redact(URI uri) {
        if (uri.getScheme() != null && uri.getScheme().equalsIgnoreCase("file")) {
            return "file:" + Optional.ofNullable(uri.getPath()).orElse("");
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + Optional.ofNullable(uri.getRawPath()).orElse("");
    }
}
