package io.voicerouter.onnx;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP GET into a {@code .part} file for {@link ModelStore}: resumes with a range request when
 * the part file has bytes, and gives up a connection that stalls longer than the read timeout.
 */
final class RangeDownload {
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration readTimeout;

    RangeDownload(HttpClient http, Duration requestTimeout, Duration readTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.readTimeout = readTimeout;
    }

    /** One HTTP exchange that appends to {@code part}. */
    void transfer(ModelFile file, Path part, DownloadListener progress) throws IOException {
        long have = sizeOrZero(part);
        long expected = file.expectedSize();
        if (expected >= 0 && have > expected) {
            Files.delete(part);
            have = 0;
        }
        if (expected >= 0 && have == expected && have > 0) {
            return; // complete already; verify decides whether it is good
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(file.source()).GET().timeout(requestTimeout)
                .header("User-Agent", "voicerouter-model-store");
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(file.relativePath(), "Download of " + file.relativePath() + " interrupted", e);
        } catch (IOException e) {
            throw new RetryableException(e);
        }
        int status = response.statusCode();
        boolean append;
        if (status == 206 && have > 0 && rangeStartsAt(response, have)) {
            append = true;
        } else if (status == 200 || status == 206) {
            append = false; // the server ignored the range: start over
            have = 0;
        } else {
            discard(response.body());
            if (status == 416) {
                Files.deleteIfExists(part); // our partial file is longer than the server's: start over
                throw new RetryableException(new IOException("HTTP 416 for a resumed download"));
            }
            String msg = "Download of " + file.relativePath() + " from " + file.source() + " failed: HTTP " + status
                    + (status == 404 ? " (not found)" : "");
            if (status >= 500 || status == 429) {
                throw new RetryableException(new IOException(msg));
            }
            throw new ModelDownloadException(file.relativePath(), msg);
        }
        long offset = have;
        long total = expected >= 0 ? expected : response.headers().firstValueAsLong("Content-Length")
                .stream().map(len -> len + offset).findFirst().orElse(-1L);
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        long done = have;
        BodyQueue body = new BodyQueue();
        response.body().subscribe(body);
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            progress.progress(file.relativePath(), done, total);
            for (List<ByteBuffer> buffers = body.next(readTimeout); buffers != null; buffers = body.next(readTimeout)) {
                for (ByteBuffer b : buffers) {
                    while (b.hasRemaining()) {
                        done += out.write(b);
                    }
                }
                progress.progress(file.relativePath(), done, total);
            }
        } catch (InterruptedException e) {
            body.cancel();
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(file.relativePath(), "Download of " + file.relativePath() + " interrupted", e);
        } catch (IOException e) {
            body.cancel();
            throw new RetryableException(e);
        }
        if (expected >= 0 && done < expected) {
            throw new RetryableException(new IOException("connection closed after " + done + " of " + expected + " bytes"));
        }
    }

    private static void discard(Flow.Publisher<List<ByteBuffer>> body) {
        BodyQueue q = new BodyQueue();
        body.subscribe(q);
        q.cancel();
    }

    /**
     * Receives the response body one batch at a time, so that a stalled connection can be given up
     * after a timeout (an InputStream read would block forever).
     */
    private static final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {
        private static final Object DONE = new Object();
        private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            items.add(t);
        }

        @Override
        public void onComplete() {
            items.add(DONE);
        }

        /** The next batch, or null at the end of the body. */
        @SuppressWarnings("unchecked")
        List<ByteBuffer> next(Duration timeout) throws IOException, InterruptedException {
            Object item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                cancel();
                throw new IOException("no data for " + timeout.toSeconds() + " s; connection stalled");
            }
            if (item == DONE) {
                return null;
            }
            if (item instanceof Throwable t) {
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            subscription.request(1);
            return (List<ByteBuffer>) item;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private static boolean rangeStartsAt(HttpResponse<?> response, long offset) {
        // Content-Range: bytes START-END/TOTAL; absent means we trust the 206.
        return response.headers().firstValue("Content-Range")
                .map(v -> v.replaceFirst("^bytes\\s+", "").startsWith(offset + "-"))
                .orElse(true);
    }

    /** A failure the next attempt may get past by resuming. */
    static final class RetryableException extends IOException {
        final IOException cause;

        RetryableException(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private static long sizeOrZero(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
