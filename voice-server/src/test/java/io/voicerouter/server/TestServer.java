package io.voicerouter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real {@link VoiceServer} on a free 127.0.0.1 port in a temp folder, and a plain HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();

    final VoiceServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(VoiceServer server) {
        this.server = server;
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, b -> b);
    }

    static TestServer start(Path dataDir, UnaryOperator<ServerConfig.Builder> tune) {
        try {
            ServerConfig.Builder b = ServerConfig.builder(dataDir).port(0).initialAdminKey(ADMIN_KEY);
            return new TestServer(VoiceServer.start(tune.apply(b).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server without an environment admin key: it generates one when the store has none ({@link VoiceServer#generatedAdminKey}). */
    static TestServer startWithoutAdminKey(Path dataDir, UnaryOperator<ServerConfig.Builder> tune) {
        try {
            return new TestServer(VoiceServer.start(tune.apply(ServerConfig.builder(dataDir).port(0)).build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return server.uri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    HttpResponse<byte[]> get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    HttpResponse<byte[]> delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    HttpResponse<byte[]> postJson(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<byte[]> putJson(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + new String(r.body(), StandardCharsets.UTF_8), e);
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A new key with these scopes, made through the admin API. */
    String newKey(String... scopes) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < scopes.length; i++) {
            s.append(i > 0 ? "," : "").append('"').append(scopes[i]).append('"');
        }
        HttpResponse<byte[]> r = postJson("/api/keys", ADMIN_KEY, "{\"name\":\"test\",\"scopes\":" + s + "]}");
        if (r.statusCode() != 201) {
            throw new AssertionError(text(r));
        }
        return json(r).path("key").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
