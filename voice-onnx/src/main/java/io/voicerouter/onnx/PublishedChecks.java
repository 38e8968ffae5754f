package io.voicerouter.onnx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The size and SHA-256 a Hugging Face repository publishes for an LFS file ({@code X-Linked-Size},
 * {@code X-Linked-Etag} on a {@code HEAD}), so that {@link ModelStore} can verify a download against
 * them. Shared by every model catalogue that downloads from Hugging Face (XTTS v2, Kokoro).
 */
public final class PublishedChecks {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedChecks.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private PublishedChecks() {
    }

    /**
     * {@code file} with the published size and digest added when the server sends them; unchanged
     * when the HEAD fails or answers an error (the GET then reports it).
     *
     * @throws ModelDownloadException when the thread is interrupted
     */
    public static ModelFile fromLfsHeaders(HttpClient client, ModelFile file) {
        HttpResponse<Void> head;
        try {
            head = client.send(HttpRequest.newBuilder(file.source()).method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(PROBE_TIMEOUT).header("User-Agent", "voicerouter-model-store").build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.debug("HEAD {} failed ({}); downloading without a published size", file.relativePath(), e.toString());
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(file.relativePath(), "Download of " + file.relativePath() + " interrupted", e);
        }
        if (head.statusCode() >= 400) {
            return file; // the GET reports the error with its status
        }
        ModelFile out = file;
        var size = head.headers().firstValueAsLong("X-Linked-Size");
        if (size.isPresent() && size.getAsLong() >= 0) {
            out = out.withSize(size.getAsLong());
        }
        String etag = head.headers().firstValue("X-Linked-Etag").orElse("")
                .replaceFirst("^W/", "").replace("\"", "").strip().toLowerCase(Locale.ROOT);
        if (etag.matches("[0-9a-f]{64}")) {
            out = out.withDigest(ModelFile.Digest.sha256(etag));
        }
        return out;
    }
}
