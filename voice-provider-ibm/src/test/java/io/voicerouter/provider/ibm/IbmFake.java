package io.voicerouter.provider.ibm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for a Text to Speech instance ({@code /v1/synthesize}, {@code /v1/voices})
 * with its own {@link IamFake}. The service accepts only unexpired tokens that IAM issued, checks
 * Accept, content type, voice and the 5 KB text limit, parses the text as SSML the way the service does, and answers a 22,050 Hz WAV with a streamed header
 * (unknown sizes, a LIST chunk before data) like the real one: a 440 Hz tone, 10 ms per character.
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

    record Failure(int status, Map<String, String> headers, String body, boolean hang) {
        static Failure status(int status, String body) {
            return new Failure(status, Map.of(), body, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IamFake iam = new IamFake();
    private final HttpServer service;
    private final List<Received> synth = new CopyOnWriteArrayList<>();
    private final List<String> voiceCalls = new CopyOnWriteArrayList<>();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);

    IbmFake() throws IOException {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/instances/0b6e1f2a/v1/synthesize", this::synthesize);
        service.createContext("/instances/0b6e1f2a/v1/voices", this::voices);
        service.setExecutor(Executors.newCachedThreadPool());
        service.start();
    }

    String iamUrl() {
        return iam.url();
    }

    /** See {@link IamFake#issueNextToken}. */
    void issueNextToken(long expiresIn, long lifetime) {
        iam.issueNextToken(expiresIn, lifetime);
    }

    List<String> issuedTokens() {
        return iam.issuedTokens();
    }

    List<Map<String, String>> tokenForms() {
        return iam.tokenForms();
    }

    String serviceUrl() {
        return "http://127.0.0.1:" + service.getAddress().getPort() + "/instances/0b6e1f2a";
    }

    List<Received> synthesisRequests() {
        return synth;
    }

    int voiceListCalls() {
        return voiceCalls.size();
    }

    void failNext(Failure f) {
        failures.add(f);
    }

    static float[] tone(int characters) {
        int n = characters * RATE / 100;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (short) Math.round(0.5 * Math.sin(2 * Math.PI * 440 * i / RATE) * 32767) / 32768f;
        }
        return out;
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
            Map<String, String> query = IamFake.decodeForm(ex.getRequestURI().getRawQuery());
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
            Failure f = failures.poll();
            if (f != null) {
                if (f.hang()) {
                    release.await(30, TimeUnit.SECONDS);
                    return;
                }
                f.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                send(ex, f.status(), "application/json", f.body());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, 0); // chunked, as the service streams
            try (OutputStream out = ex.getResponseBody()) {
                out.write(streamedWav(tone(r.spoken().length())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** The service's WAV: unknown RIFF and data sizes, and an ffmpeg LIST/INFO chunk before the data. */
    static byte[] streamedWav(float[] samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, 0xFFFFFFFF);
        out.writeBytes("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, 16);
        writeShort(out, 1);
        writeShort(out, 1);
        writeInt(out, RATE);
        writeInt(out, RATE * 2);
        writeShort(out, 2);
        writeShort(out, 16);
        out.writeBytes("LIST".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, 26);
        out.writeBytes("INFOISFT".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, 14);
        out.writeBytes("Lavf58.29.100\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("data".getBytes(StandardCharsets.US_ASCII));
        writeInt(out, 0xFFFFFFFF);
        for (float s : samples) {
            writeShort(out, Math.round(s * 32768f));
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    @Override
    public void close() {
        release.countDown();
        iam.close();
        service.stop(0);
        ((ExecutorService) service.getExecutor()).shutdownNow();
    }
}
