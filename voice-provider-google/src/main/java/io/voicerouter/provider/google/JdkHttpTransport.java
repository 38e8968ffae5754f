package io.voicerouter.provider.google;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.util.StreamingContent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * google-http-client's transport SPI on {@link java.net.http.HttpClient}, used by gax's HTTP/JSON
 * channel in place of the default {@code NetHttpTransport}.
 *
 * <p>Why: the API key must reach the wire and no log. gax's own {@code setApiKey} adds
 * {@code x-goog-api-key} as an ordinary header, which google-http-client's request log (JUL
 * {@code com.google.api.client.http}, CONFIG) prints, and {@code NetHttpTransport} sits on
 * {@code HttpURLConnection}, whose JUL logger {@code sun.net.www.protocol.http.HttpURLConnection}
 * prints every request header at FINE. Here the key is added to the JDK request itself, and the JDK
 * client logs headers only when the process is started with {@code -Djdk.httpclient.HttpClient.log},
 * never because a logger level was raised. The key is only ever sent to the endpoint's own host
 * and port. Plain {@code http://} works too, which is how tests reach a loopback fake.
 *
 * <p>What comes back is scrubbed of the key too. google-http-client logs every response's headers
 * and body at CONFIG, and gax puts an error body's message into its exceptions; a service or proxy
 * that echoes the key ("API key not valid: AIza...") would put it in both. Every occurrence of the
 * key in a response header or body is replaced with {@value #REDACTED} before anything above this
 * class sees it.
 */
final class JdkHttpTransport extends HttpTransport {
    static final String API_KEY_HEADER = "x-goog-api-key";
    static final String REDACTED = "[redacted]";
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final HttpClient client;
    private final String apiKey;
    private final String keyHost;
    private final int keyPort;

    JdkHttpTransport(URI endpoint, String apiKey, Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.apiKey = apiKey;
        this.keyHost = endpoint.getHost().toLowerCase(Locale.ROOT);
        this.keyPort = port(endpoint);
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(method, URI.create(url));
    }

    @Override
    public boolean supportsMethod(String method) {
        return true;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    @Override
    public String toString() {
        return "JdkHttpTransport[" + keyHost + ":" + keyPort + (apiKey == null ? "" : ", api key ***") + "]";
    }

    private final class Request extends LowLevelHttpRequest {
        private final String method;
        private final URI uri;
        private final List<String[]> headers = new ArrayList<>();
        private int readTimeoutMillis;

        Request(String method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        @Override
        public void addHeader(String name, String value) {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(new String[] {name, value});
            }
        }

        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            this.readTimeoutMillis = readTimeout;
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri);
            for (String[] h : headers) {
                b.header(h[0], h[1]);
            }
            if (getContentType() != null) {
                b.setHeader("Content-Type", getContentType());
            }
            if (getContentEncoding() != null) {
                b.setHeader("Content-Encoding", getContentEncoding());
            }
            if (apiKey != null && uri.getHost() != null && uri.getHost().toLowerCase(Locale.ROOT).equals(keyHost)
                    && port(uri) == keyPort) {
                b.setHeader(API_KEY_HEADER, apiKey);
            }
            if (readTimeoutMillis > 0) {
                b.timeout(Duration.ofMillis(readTimeoutMillis));
            }
            StreamingContent content = getStreamingContent();
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (content != null) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                content.writeTo(bytes);
                body = HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray());
            }
            b.method(method, body);
            try {
                return new Response(client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray()), apiKey);
            } catch (HttpTimeoutException e) {
                SocketTimeoutException timeout = new SocketTimeoutException("no answer within the time-out");
                timeout.initCause(e);
                throw timeout;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the service");
            }
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final HttpResponse<byte[]> response;
        private final byte[] body;
        private final List<String[]> headers = new ArrayList<>();

        Response(HttpResponse<byte[]> response, String apiKey) {
            this.response = response;
            this.body = redact(response.body(), apiKey);
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                for (String v : e.getValue()) {
                    headers.add(new String[] {e.getKey(), redact(v, apiKey)});
                }
            }
        }

        @Override
        public InputStream getContent() {
            return new java.io.ByteArrayInputStream(body);
        }

        @Override
        public String getContentEncoding() {
            return response.headers().firstValue("content-encoding").orElse(null);
        }

        @Override
        public long getContentLength() {
            return response.headers().firstValueAsLong("content-length").orElse(-1);
        }

        @Override
        public String getContentType() {
            return response.headers().firstValue("content-type").orElse(null);
        }

        @Override
        public String getStatusLine() {
            return (response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2 " : "HTTP/1.1 ") + response.statusCode();
        }

        @Override
        public int getStatusCode() {
            return response.statusCode();
        }

        @Override
        public String getReasonPhrase() {
            return null;
        }

        @Override
        public int getHeaderCount() {
            return headers.size();
        }

        @Override
        public String getHeaderName(int index) {
            return headers.get(index)[0];
        }

        @Override
        public String getHeaderValue(int index) {
            return headers.get(index)[1];
        }

        @Override
        public void disconnect() {
            // The body was read whole; nothing stays open.
        }
    }

    static String redact(String text, String secret) {
        return secret == null || secret.isEmpty() || text == null ? text : text.replace(secret, REDACTED);
    }

    /** {@code bytes} with every occurrence of {@code secret}'s UTF-8 bytes replaced by {@link #REDACTED}. */
    static byte[] redact(byte[] bytes, String secret) {
        if (secret == null || secret.isEmpty() || bytes == null) {
            return bytes == null ? new byte[0] : bytes;
        }
        byte[] needle = secret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] replacement = REDACTED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = null;
        int copied = 0;
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            if (out == null) {
                out = new ByteArrayOutputStream(bytes.length);
            }
            out.write(bytes, copied, i - copied);
            out.write(replacement, 0, replacement.length);
            copied = i + needle.length;
            i = copied - 1;
        }
        if (out == null) {
            return bytes;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }
}
