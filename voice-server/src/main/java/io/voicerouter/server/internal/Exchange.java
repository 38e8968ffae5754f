package io.voicerouter.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One request and its answer, for handlers written in blocking style (they run on the server's
 * worker threads, virtual ones where the JVM has them). Reading is capped; writing is JSON, bytes
 * or a stream.
 */
public final class Exchange {
    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String path;
    private ApiKeyStore.ApiKey key;
    private boolean completed;
    private String route = "unmatched";
    private int recordedStatus;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.path = Request.getPathInContext(request);
    }

    public String method() { return request.getMethod(); }
    public String path() { return path; }
    public Request request() { return request; }
    public Response response() { return response; }
    public ApiKeyStore.ApiKey key() { return key; }
    void key(ApiKeyStore.ApiKey k) { this.key = k; }
    public boolean completed() { return completed; }
    /** The route template for metrics (never the raw path: ids would make a new time series each). */
    public String route() { return route; }
    void route(String template) { this.route = template; }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The body, at most {@code limit} bytes: past it (declared or read) a 413. */
    public byte[] body(long limit) {
        long declared = request.getLength();
        if (declared > limit) {
            // A client that sends the whole body before reading the answer (most do) would see the
            // connection reset instead of the 413 if we closed now; a body a few times over the limit
            // is read and dropped first. Beyond that, closing costs less than reading.
            if (declared <= Math.min(Math.max(4 * limit, 1L << 20), 64L << 20)) {
                try {
                    Content.Source.consumeAll(request);
                } catch (IOException ignored) {
                    // the client went away: the 413 goes nowhere either way
                }
            }
            throw tooLarge(limit);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
            byte[] buf = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > limit) {
                    throw tooLarge(limit);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ApiError(400, "body_unreadable", "The request body could not be read: " + e.getMessage());
        }
    }

    /** The body as a JSON object, at most {@code limit} bytes. */
    public JsonNode jsonBody(long limit) {
        String type = header("Content-Type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "unsupported_media_type", "Send the body as application/json, not " + type);
        }
        byte[] bytes = body(limit);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "invalid_json", "The body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "The body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static ApiError tooLarge(long limit) {
        return new ApiError(413, "body_too_large", "The request body is larger than " + limit + " bytes");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public void json(int status, Object body) {
        try {
            send(status, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(int status, String contentType, byte[] bytes) {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        completed = true;
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    public void noContent() {
        response.setStatus(204);
        completed = true;
        response.write(true, null, callback);
    }

    /**
     * A body written as it is made (chunked): the stream's close ends the response. After this the
     * status and headers are sent with the first flush and can no longer change.
     */
    public OutputStream stream(int status, String contentType) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        return Content.Sink.asOutputStream(response);
    }

    /** Completes a response written through {@link #stream}. */
    public void finishStream() {
        completed = true;
        callback.succeeded();
    }

    /**
     * The client went away: the connection is closed without an answer (a head not sent yet is never
     * sent), and the request is recorded under {@code status} (499, as nginx logs a client that closed
     * its request). Jetty is told quietly: a client hanging up is not a server error to log.
     */
    public void clientGone(int status, Throwable cause) {
        recordedStatus = status;
        completed = true;
        ClientGoneException quiet = new ClientGoneException(cause);
        request.getConnectionMetaData().getConnection().getEndPoint().close(quiet);
        callback.failed(quiet);
    }

    /** The status to record for this request: what was answered, or what {@link #clientGone} set. */
    public int recordedStatus() {
        if (recordedStatus != 0) {
            return recordedStatus;
        }
        return response.getStatus() == 0 ? 200 : response.getStatus();
    }

    /** Why an exchange ended without an answer; quiet, so Jetty logs it at DEBUG only. */
    static final class ClientGoneException extends IOException implements QuietException {
        ClientGoneException(Throwable cause) {
            super("The client went away", cause);
        }
    }

    /** Fails a response whose head is already sent: the connection is cut so the client sees the body is incomplete. */
    public void abort(Throwable cause) {
        completed = true;
        callback.failed(cause);
    }

    public boolean committed() {
        return response.isCommitted();
    }

    public void error(ApiError e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("message", e.getMessage());
        err.put("type", e.type());
        if (e.param() != null) {
            err.put("param", e.param());
        } else {
            err.putNull("param");
        }
        err.put("code", e.code());
        if (!e.problems().isEmpty()) {
            e.problems().forEach(err.putArray("problems")::add);
        }
        if (e.extra() != null) {
            JsonNode extra = JSON.valueToTree(e.extra());
            extra.fields().forEachRemaining(f -> err.set(f.getKey(), f.getValue()));
        }
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            setHeader(h.getKey(), h.getValue());
        }
        json(e.status(), root);
    }
}
