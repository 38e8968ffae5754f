package io.voicerouter.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.voicerouter.cloud.testing.CannedFailure;
import io.voicerouter.cloud.testing.LoopbackServer;
import io.voicerouter.cloud.testing.TestWavs;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for a Text to Speech instance ({@code /v1/synthesize}, {@code /v1/voices})
 * with its own {@link IamFake}. The service accepts only unexpired tokens that IAM issued, checks
 * Accept, content type, voice and the 5 KB text limit, parses the text as SSML the way the service does, and answers a 22,050 Hz WAV with a streamed header
 * (unknown sizes, a LIST chunk before data, see {@link TestWavs#streamedPcm16}) like the real one: a 440 Hz tone, 10 ms per character.
 */
final class IbmFake implements AutoCloseable {
    static final String API_KEY = "Zx9_kq7RvT3mW8pLs2NdYb5HcJf6GaQe1UoIiE4rKtVw";
    static final int RATE = 22_050;
    static final Set<String> VOICES = Set.of("en-US_MichaelV3Voice", "en-US_AllisonV3Voice", "en-GB_KateV3Voice",
            "de-DE_BirgitV3Voice", "de-DE_DieterV3Voice", "ja-JP_EmiV3Voice");

    record Received(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                    String body, String text, String spoken, List<String> elements) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IamFake iam = new IamFake();
    private final LoopbackServer service = new LoopbackServer();
    private final List<Received> synth = new CopyOnWriteArrayList<>();
    private final List<String> voiceCalls = new CopyOnWriteArrayList<>();
    private final Queue<CannedFailure> failures = new ConcurrentLinkedQueue<>();

    IbmFake() {
        service.route("/instances/0b6e1f2a/v1/synthesize", this::synthesize)
                .route("/instances/0b6e1f2a/v1/voices", this::voices);
    }

    String iamUrl() {
        return iam.url();
    }

    /** See {@link IamFake#issueNextToken}. */
    void issueNextToken(long expiresIn, long lifetime) {
        iam.issueNextToken(expiresIn, lifetime);
    }

    /** See {@link IamFake#failNext}. */
    void failNextToken(CannedFailure f) {
        iam.failNext(f);
    }

    /** See {@link IamFake#revokeKey}. */
    void revokeKey() {
        iam.revokeKey();
    }

    List<String> issuedTokens() {
        return iam.issuedTokens();
    }

    List<Map<String, String>> tokenForms() {
        return iam.tokenForms();
    }

    String serviceUrl() {
        return service.url() + "/instances/0b6e1f2a";
    }

    List<Received> synthesisRequests() {
        return synth;
    }

    int voiceListCalls() {
        return voiceCalls.size();
    }

    void failNext(CannedFailure f) {
        failures.add(f);
    }

    static float[] tone(int characters) {
        return TestWavs.tone(characters * RATE / 100, RATE);
    }

    private boolean authorized(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Long expiration = auth != null && auth.startsWith("Bearer ") ? iam.expiration(auth.substring(7)) : null;
        if (expiration == null || System.currentTimeMillis() / 1000 >= expiration) {
            send(ex, 401, "application/json", "{\"code\":401,\"error\":\"Unauthorized\"}");
            return false;
        }
        return true;
    }

    private void synthesize(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            Map<String, String> query = LoopbackServer.decodeForm(ex.getRequestURI().getRawQuery());
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/instances/0b6e1f2a/v1/synthesize")) {
                send(ex, 404, "application/json", "{\"code\":404,\"error\":\"Not Found\"}");
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            if (!"audio/wav;rate=22050".equals(ex.getRequestHeaders().getFirst("Accept"))) {
                send(ex, 406, "application/json", "{\"code\":406,\"error\":\"Unsupported Accept\"}");
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/json")) {
                send(ex, 415, "application/json", "{\"code\":415,\"error\":\"Unsupported Media Type\"}");
                return;
            }
            String voice = query.get("voice");
            if (voice == null || !VOICES.contains(voice)) {
                send(ex, 404, "application/json", "{\"code\":404,\"error\":\"Model '" + voice + "' not found\"}");
                return;
            }
            for (String p : List.of("rate_percentage", "pitch_percentage")) {
                if (query.containsKey(p) && Math.abs(Integer.parseInt(query.get(p))) > 100) {
                    send(ex, 400, "application/json", "{\"code\":400,\"error\":\"" + p + " out of range\"}");
                    return;
                }
            }
            JsonNode json = JSON.readTree(raw);
            String text = json.path("text").asText(null);
            if (text == null || json.size() != 1) {
                send(ex, 400, "application/json", "{\"code\":400,\"error\":\"The body must be {\\\"text\\\": ...}\"}");
                return;
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > 5 * 1024) {
                send(ex, 413, "application/json", "{\"code\":413,\"error\":\"Request Entity Too Large\"}");
                return;
            }
            Element speak;
            try {
                speak = parseSsml(text);
            } catch (Exception e) {
                send(ex, 400, "application/json", "{\"code\":400,\"error\":\"Invalid SSML\"}");
                return;
            }
            List<String> elements = new ArrayList<>();
            collect(speak, elements);
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), query,
                    Map.copyOf(ex.getRequestHeaders()), body, text, speak.getTextContent(), elements);
            synth.add(r);
            CannedFailure f = failures.poll();
            if (f != null) {
                f.answer(ex, service, "application/json");
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, 0); // chunked, as the service streams
            try (OutputStream out = ex.getResponseBody()) {
                out.write(TestWavs.streamedPcm16(tone(r.spoken().length()), RATE));
            }
        }
    }

    private void voices(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "application/json", "{\"code\":405,\"error\":\"Method Not Allowed\"}");
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            voiceCalls.add(ex.getRequestURI().getPath());
            StringBuilder b = new StringBuilder("{\"voices\":[");
            String[][] list = {{"de-DE_BirgitV3Voice", "de-DE", "female"}, {"en-GB_KateV3Voice", "en-GB", "female"},
                    {"en-US_MichaelV3Voice", "en-US", "male"}, {"en-US_AllisonV3Voice", "en-US", "female"},
                    {"ja-JP_EmiV3Voice", "ja-JP", "female"}};
            for (int i = 0; i < list.length; i++) {
                b.append(i == 0 ? "" : ",").append("{\"url\":\"").append(serviceUrl()).append("/v1/voices/").append(list[i][0])
                        .append("\",\"gender\":\"").append(list[i][2]).append("\",\"name\":\"").append(list[i][0])
                        .append("\",\"language\":\"").append(list[i][1]).append("\",\"description\":\"")
                        .append(list[i][0]).append(" (enhanced neural)\",\"customizable\":true,\"supported_features\":"
                                + "{\"custom_pronunciation\":true,\"voice_transformation\":false}}");
            }
            send(ex, 200, "application/json", b.append("]}").toString());
        }
    }

    private static Element parseSsml(String text) throws Exception {
        String doc = text.stripLeading().startsWith("<speak") ? text : "<speak>" + text + "</speak>";
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        return d.getDocumentElement();
    }

    private static void collect(Element e, List<String> out) {
        out.add(e.getTagName());
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                collect(c, out);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        LoopbackServer.send(ex, status, type, body);
    }

    @Override
    public void close() {
        iam.close();
        service.close();
    }
}
