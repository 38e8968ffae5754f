package io.voicerouter.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.voicerouter.samples.SampleFetchException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from a loopback server the test runs, and from files, under the policy's rules. */
class SampleFetcherTest {
    private static final byte[] WAV = Fixtures.bytes("downloaded.wav");
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sample.wav", ex -> respond(ex, 200, "audio/wav", WAV));
        server.createContext("/untyped.wav", ex -> respond(ex, 200, null, WAV));
        server.createContext("/page.html", ex -> respond(ex, 200, "text/html", "<html>".getBytes()));
        server.createContext("/fake.wav", ex -> respond(ex, 200, "application/octet-stream", new byte[100]));
        server.createContext("/missing.wav", ex -> respond(ex, 404, "text/plain", "no".getBytes()));
        server.createContext("/big.wav", ex -> respond(ex, 200, "audio/wav", new byte[200_000]));
        server.createContext("/chunked.wav", ex -> {
            ex.getResponseHeaders().add("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to check up front
            try (OutputStream out = ex.getResponseBody()) {
                out.write(WAV, 0, 44);
                for (int i = 0; i < 50; i++) {
                    out.write(new byte[10_000]);
                }
            } catch (IOException clientWentAway) {
                // the fetcher cancels once the cap is passed
            }
        });
        server.createContext("/to-file", ex -> redirect(ex, "file:///etc/passwd"));
        server.createContext("/to-sample", ex -> redirect(ex, "/sample.wav"));
        server.createContext("/loop", ex -> redirect(ex, "/loop"));
        server.createContext("/slow.wav", ex -> {
            ex.getResponseHeaders().add("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, WAV.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(WAV, 0, 100);
                out.flush();
                release.await();
            } catch (InterruptedException | IOException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private SampleFetcher loopback() {
        return SampleFetcher.create(FetchPolicy.builder().allowPrivateNetworks(true).maxBytes(100_000)
                .totalTimeout(Duration.ofSeconds(20)).build());
    }

    @Test
    void fetchesAudioAndFollowsSameSchemeRedirects() {
        assertThat(loopback().fetch(URI.create(base + "/sample.wav"))).isEqualTo(WAV);
        assertThat(loopback().fetch(URI.create(base + "/untyped.wav"))).isEqualTo(WAV);
        assertThat(loopback().fetch(URI.create(base + "/to-sample"))).isEqualTo(WAV);
        assertThat(loopback().fetchAndDecode(URI.create(base + "/sample.wav")).audio().frames()).isPositive();
    }

    @Test
    void refusesLoopbackByDefault() {
        assertThatThrownBy(() -> SampleFetcher.create(FetchPolicy.defaults()).fetch(URI.create(base + "/sample.wav")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
    }

    @Test
    void refusesRedirectToAnotherSchemeAndEndlessRedirects() {
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/to-file")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
                    assertThat(e.getMessage()).contains("redirect");
                });
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/loop")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
    }

    @Test
    void checksContent() {
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/page.html")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUDIO));
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/fake.wav")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_AUDIO));
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/missing.wav?token=secret123")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
                    assertThat(e.getMessage()).contains("404").doesNotContain("secret123");
                });
    }

    @Test
    void capsTheSize() {
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/big.wav")))
                .isInstanceOf(SampleTooLargeException.class);
        assertThatThrownBy(() -> loopback().fetch(URI.create(base + "/chunked.wav")))
                .isInstanceOf(SampleTooLargeException.class);
    }

    @Test
    void timesOutOnAStalledBody() {
        SampleFetcher impatient = SampleFetcher.create(FetchPolicy.builder().allowPrivateNetworks(true)
                .totalTimeout(Duration.ofMillis(500)).build());
        assertThatThrownBy(() -> impatient.fetch(URI.create(base + "/slow.wav")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    }

    @Test
    void refusesOtherSchemesAndUserInfo() {
        assertThatThrownBy(() -> loopback().fetch(URI.create("ftp://example.com/a.wav")))
                .isInstanceOf(SampleFetchException.class);
        assertThatThrownBy(() -> loopback().fetch(URI.create("http://user:pw@127.0.0.1:1/a.wav")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.getMessage()).doesNotContain("pw"));
    }

    @Test
    void fileUrlsOnlyBelowAllowedRoots() throws IOException {
        Path allowed = Files.createDirectories(dir.resolve("uploads"));
        Path inside = Files.write(allowed.resolve("me.wav"), WAV);
        Path outside = Files.write(dir.resolve("private.wav"), WAV);
        SampleFetcher none = SampleFetcher.create(FetchPolicy.defaults());
        assertThatThrownBy(() -> none.fetch(inside.toUri()))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        SampleFetcher files = SampleFetcher.create(FetchPolicy.builder().allowFileRoot(allowed).build());
        assertThat(files.fetch(inside.toUri())).isEqualTo(WAV);
        assertThatThrownBy(() -> files.fetch(outside.toUri()))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        assertThatThrownBy(() -> files.fetch(URI.create(allowed.toUri() + "../private.wav")))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        Path link = allowed.resolve("link.wav");
        Files.createSymbolicLink(link, outside);
        assertThatThrownBy(() -> files.fetch(link.toUri()))
                .isInstanceOfSatisfying(SampleFetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
    }

    @Test
    void classifiesAddresses() throws IOException {
        assertThat(SampleFetcher.isPublic(InetAddress.getByName("169.254.169.254"))).isFalse();
        assertThat(SampleFetcher.isPublic(InetAddress.getByName("10.1.2.3"))).isFalse();
        assertThat(SampleFetcher.isPublic(InetAddress.getByName("::1"))).isFalse();
        assertThat(SampleFetcher.isPublic(InetAddress.getByName("fd00::1"))).isFalse();
        assertThat(SampleFetcher.isPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }
}
