package io.voicerouter.provider.ibm;

import com.sun.net.httpserver.HttpExchange;
import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.cloud.testing.LoopbackServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for IBM Cloud IAM's {@code POST /identity/token}: it checks the headers and
 * form the real one needs (apikey grant, the fake's API key) and issues bearer tokens with
 * {@code expires_in} and an absolute {@code expiration}, as IAM does.
 */
final class IamFake implements AutoCloseable {
    private final LoopbackServer server = new LoopbackServer();
    private final Map<String, Long> tokens = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> tokenForms = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final Queue<long[]> nextTokens = new ConcurrentLinkedQueue<>();
    private final Queue<CannedFailure> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean keyRevoked;

    IamFake() {
        server.route("/identity/token", this::token);
    }

    String url() {
        return server.url();
    }

    /**
     * The next token issued says it lives {@code expiresIn} seconds but expires {@code lifetime}
     * seconds from now (equal values: an ordinary fresh token). Later tokens live an hour.
     */
    void issueNextToken(long expiresIn, long lifetime) {
        nextTokens.add(new long[] {expiresIn, lifetime});
    }

    /** The next token request gets this answer instead (an IAM outage, a rate limit). */
    void failNext(CannedFailure f) {
        failures.add(f);
    }

    /** The API key is deleted: tokens already issued stay valid until they expire, new ones are refused. */
    void revokeKey() {
        keyRevoked = true;
    }

    List<String> issuedTokens() {
        return issued;
    }

    List<Map<String, String>> tokenForms() {
        return tokenForms;
    }

    /** The token's expiration in epoch seconds, or null for a token this IAM never issued. */
    Long expiration(String token) {
        return tokens.get(token);
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = LoopbackServer.decodeForm(body);
            tokenForms.add(form);
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (!ex.getRequestMethod().equals("POST") || type == null || !type.startsWith("application/x-www-form-urlencoded")
                    || !"application/json".equals(ex.getRequestHeaders().getFirst("Accept"))
                    || !"urn:ibm:params:oauth:grant-type:apikey".equals(form.get("grant_type"))) {
                send(ex, 400, "application/json", "{\"errorCode\":\"BXNIM0109E\",\"errorMessage\":\"Property missing or empty\"}");
                return;
            }
            CannedFailure f = failures.poll();
            if (f != null) {
                f.answer(ex, server, "application/json");
                return;
            }
            if (keyRevoked || !IbmFake.API_KEY.equals(form.get("apikey"))) {
                send(ex, 400, "application/json", "{\"errorCode\":\"BXNIM0415E\",\"errorMessage\":\"Provided API key could not"
                        + " be found.\",\"context\":{\"requestId\":\"r1\"}}");
                return;
            }
            long[] life = nextTokens.poll();
            long expiresIn = life == null ? 3600 : life[0];
            long expiration = System.currentTimeMillis() / 1000 + (life == null ? 3600 : life[1]);
            String token = "tok" + counter.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
            tokens.put(token, expiration);
            issued.add(token);
            send(ex, 200, "application/json", "{\"access_token\":\"" + token + "\",\"refresh_token\":\"not_supported\","
                    + "\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"expiration\":" + expiration
                    + ",\"scope\":\"ibm openid\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        LoopbackServer.send(ex, status, type, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
