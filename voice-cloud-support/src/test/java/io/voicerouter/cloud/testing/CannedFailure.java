package io.voicerouter.cloud.testing;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;

/**
 * An answer a fake gives its next request instead of the normal one: a status with headers and a
 * body, or ({@code hang}) no answer at all until the fake closes.
 */
public record CannedFailure(int status, Map<String, String> headers, String body, boolean hang) {
    public CannedFailure {
        headers = Map.copyOf(headers);
    }

    public static CannedFailure status(int status, String body) {
        return new CannedFailure(status, Map.of(), body, false);
    }

    public static CannedFailure hanging() {
        return new CannedFailure(0, Map.of(), "", true);
    }

    /** Sends this answer as {@code type} content, or hangs on {@code server}. */
    public void answer(HttpExchange ex, LoopbackServer server, String type) throws IOException {
        if (hang) {
            server.hang(30);
            return;
        }
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        LoopbackServer.send(ex, status, type, body);
    }
}
