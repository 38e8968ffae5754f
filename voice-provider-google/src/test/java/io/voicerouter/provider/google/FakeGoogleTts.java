package io.voicerouter.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.voicerouter.cloud.testing.LoopbackServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for texttospeech.googleapis.com's REST surface (v1): it checks requests the
 * way the service does (method, path, auth, content type, body fields, the 5,000-byte input limit,
 * well-formed SSML, voice names) and answers with the service's JSON shapes, including its error
 * bodies. The audio it returns is a generated tone, kept so tests can compare decoded samples.
 */
final class FakeGoogleTts implements AutoCloseable {
    static final int SAMPLES_PER_CHARACTER = 20;
    static final String SYNTHESIZE = "/v1/text:synthesize";
    static final String VOICES = "/v1/voices";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Received(String method, String path, String query, Headers headers, JsonNode body, String spokenText) {
    }

    /** A scripted answer that replaces the next normal one. */
    record Scripted(String path, int status, String googleStatus, String message, Map<String, String> headers,
                    List<Map<String, Object>> details, boolean hang) {
    }

    private final LoopbackServer server = new LoopbackServer();
    private final String apiKey;
    private final List<Map<String, Object>> voices = new ArrayList<>();
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<short[]> sentAudio = Collections.synchronizedList(new ArrayList<>());
    private volatile String serviceAccountEmail;
    private volatile java.security.PublicKey serviceAccountKey;
    private volatile JsonNode lastJwtClaims;
    private volatile boolean echoKey;

    FakeGoogleTts(String apiKey) throws IOException {
        this.apiKey = apiKey;
        voice("en-AU-Neural2-A", "en-AU", "FEMALE", 24000);
        voice("en-US-Neural2-D", "en-US", "MALE", 24000);
        voice("en-US-Neural2-F", "en-US", "FEMALE", 24000);
        voice("en-US-Standard-B", "en-US", "MALE", 24000);
        voice("en-US-Wavenet-A", "en-US", "MALE", 24000);
        voice("en-US-Chirp3-HD-Kore", "en-US", "FEMALE", 24000);
        voice("fr-CA-Neural2-A", "fr-CA", "FEMALE", 24000);
        voice("fr-FR-Neural2-B", "fr-FR", "MALE", 24000);
        voice("fr-FR-Standard-A", "fr-FR", "FEMALE", 24000);
        voice("de-DE-Standard-A", "de-DE", "FEMALE", 16000);
        voice("cmn-CN-Wavenet-A", "cmn-CN", "FEMALE", 24000);
        server.route("/", this::handle);
    }

    private void voice(String name, String language, String gender, int rate) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("languageCodes", List.of(language));
        v.put("name", name);
        v.put("ssmlGender", gender);
        v.put("naturalSampleRateHertz", rate);
        voices.add(v);
    }

    String endpoint() {
        return server.url();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> synthesizeRequests() {
        return received.stream().filter(r -> r.path().equals("/v1/text:synthesize")).toList();
    }

    List<short[]> sentAudio() {
        synchronized (sentAudio) {
            return List.copyOf(sentAudio);
        }
    }

    /** The next text:synthesize request gets this error instead of audio. */
    void failNext(int status, String googleStatus, String message, Map<String, String> headers,
                  List<Map<String, Object>> details) {
        script.add(new Scripted(SYNTHESIZE, status, googleStatus, message, headers, details, false));
    }

    /** The next voices request gets this error. */
    void failNextVoiceList(int status, String googleStatus, String message) {
        script.add(new Scripted(VOICES, status, googleStatus, message, Map.of(), List.of(), false));
    }

    /**
     * From now on every answer echoes the API key it was sent: in a response header, and in the
     * message of the API_KEY_INVALID error, as a careless proxy or debugging gateway would.
     */
    void echoKeys() {
        echoKey = true;
    }

    /** The next text:synthesize request gets no answer until {@link #close()}. */
    void hangNext() {
        script.add(new Scripted(SYNTHESIZE, 0, "", "", Map.of(), List.of(), true));
    }

    private Scripted nextFor(String path) {
        synchronized (script) {
            for (Scripted s : script) {
                if (s.path().equals(path)) {
                    script.remove(s);
                    return s;
                }
            }
            return null;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            Map<String, String> params = LoopbackServer.decodeForm(query);
            JsonNode body = raw.length == 0 ? null : parseJson(raw);
            String givenKey = ex.getRequestHeaders().getFirst("x-goog-api-key");
            if (echoKey && givenKey != null) {
                ex.getResponseHeaders().add("X-Echoed-Api-Key", givenKey);
            }
            try {
                Scripted next = nextFor(path);
                if (next != null && next.hang()) {
                    received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                    server.hang(60);
                    return;
                }
                String authProblem = authProblem(ex, params);
                if (authProblem != null) {
                    received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                    if (authProblem.equals("missing")) {
                        error(ex, 401, "UNAUTHENTICATED", "Request is missing required authentication credential."
                                + " Expected OAuth 2 access token, login cookie or other valid authentication"
                                + " credential.", List.of());
                    } else {
                        error(ex, 400, "INVALID_ARGUMENT", echoKey ? "API key not valid: " + givenKey
                                        : "API key not valid. Please pass a valid API key.",
                                List.of(Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo",
                                        "reason", "API_KEY_INVALID", "domain", "googleapis.com",
                                        "metadata", Map.of("service", "texttospeech.googleapis.com"))));
                    }
                    return;
                }
                if (next != null) {
                    received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                    next.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                    error(ex, next.status(), next.googleStatus(), next.message(), next.details());
                    return;
                }
                if (path.equals("/v1/voices")) {
                    received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                    if (!ex.getRequestMethod().equals("GET")) {
                        error(ex, 405, "", "Method not allowed", List.of());
                        return;
                    }
                    listVoices(ex, params.get("languageCode"), numericEnums(params));
                    return;
                }
                if (path.equals("/v1/text:synthesize")) {
                    synthesize(ex, body, query);
                    return;
                }
                received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                error(ex, 404, "NOT_FOUND", "The requested URL " + path + " was not found on this server.", List.of());
            } catch (BadRequest e) {
                received.add(new Received(ex.getRequestMethod(), path, query, ex.getRequestHeaders(), body, null));
                error(ex, 400, "INVALID_ARGUMENT", e.getMessage(), List.of());
            }
        }
    }

    /** Google accepts the key as x-goog-api-key or ?key=; a wrong key is HTTP 400 API_KEY_INVALID. */
    private String authProblem(HttpExchange ex, Map<String, String> params) {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && serviceAccountKey != null) {
            return authorization.startsWith("Bearer ") && validJwt(authorization.substring(7)) ? null : "missing";
        }
        String given = ex.getRequestHeaders().getFirst("x-goog-api-key");
        if (given == null) {
            given = params.get("key");
        }
        if (given == null) {
            return "missing";
        }
        return given.equals(apiKey) ? null : "invalid";
    }

    /** gax REST clients ask for {@code $alt=json;enum-encoding=int}: enums then travel as numbers. */
    private static boolean numericEnums(Map<String, String> params) {
        return params.getOrDefault("$alt", "").contains("enum-encoding=int");
    }

    /** Also accept self-signed service-account JWTs (RS256) from this account, as the service does. */
    void acceptServiceAccount(String email, java.security.PublicKey key) {
        this.serviceAccountEmail = email;
        this.serviceAccountKey = key;
    }

    private boolean validJwt(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            if (parts.length != 3) {
                return false;
            }
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initVerify(serviceAccountKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            lastJwtClaims = claims;
            long now = System.currentTimeMillis() / 1000;
            return header.path("alg").asText().equals("RS256")
                    && claims.path("iss").asText().equals(serviceAccountEmail)
                    && claims.path("exp").asLong() > now
                    && (claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform")
                        || claims.path("aud").asText().startsWith("https://texttospeech.googleapis.com"));
        } catch (Exception e) {
            return false;
        }
    }

    JsonNode lastJwtClaims() {
        return lastJwtClaims;
    }

    private void listVoices(HttpExchange ex, String languageCode, boolean numericEnums) throws IOException {
        ArrayNode list = JSON.createArrayNode();
        for (Map<String, Object> v : voices) {
            @SuppressWarnings("unchecked")
            List<String> codes = (List<String>) v.get("languageCodes");
            if (languageCode == null || codes.stream().anyMatch(c -> c.startsWith(languageCode))) {
                ObjectNode node = JSON.valueToTree(v);
                if (numericEnums) {
                    // google.cloud.texttospeech.v1.SsmlVoiceGender: MALE = 1, FEMALE = 2, NEUTRAL = 3.
                    node.put("ssmlGender", List.of("SSML_VOICE_GENDER_UNSPECIFIED", "MALE", "FEMALE", "NEUTRAL")
                            .indexOf((String) v.get("ssmlGender")));
                }
                list.add(node);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("voices", list);
        json(ex, 200, out);
    }

    /** Records the text the request asks to speak (SSML unescaped) and answers with a tone WAV. */
    private void synthesize(HttpExchange ex, JsonNode body, String query) throws IOException, BadRequest {
        if (!ex.getRequestMethod().equals("POST")) {
            throw new BadRequest("text:synthesize takes POST");
        }
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new BadRequest("Invalid JSON payload received. Content-Type must be application/json, got " + contentType);
        }
        if (body == null) {
            throw new BadRequest("Invalid JSON payload received.");
        }
        JsonNode input = body.path("input");
        boolean hasText = input.hasNonNull("text");
        boolean hasSsml = input.hasNonNull("ssml");
        if (hasText == hasSsml) {
            throw new BadRequest("Exactly one of input.text or input.ssml must be set.");
        }
        String in = hasText ? input.get("text").asText() : input.get("ssml").asText();
        if (in.getBytes(StandardCharsets.UTF_8).length > 5000) {
            throw new BadRequest("Either `input.text` or `input.ssml` is longer than the limit of 5000 bytes. This"
                    + " limit is different from quotas. To fix, reduce the byte length of the characters in this request.");
        }
        String spoken = hasText ? in : ssmlText(in);
        JsonNode voice = body.path("voice");
        String languageCode = voice.path("languageCode").asText("");
        if (languageCode.isEmpty()) {
            throw new BadRequest("Voice language code is required.");
        }
        String name = voice.path("name").asText("");
        int natural = 24000;
        if (!name.isEmpty()) {
            Map<String, Object> v = voices.stream().filter(x -> x.get("name").equals(name)).findFirst()
                    .orElseThrow(() -> new BadRequest("Voice '" + name + "' does not exist. Is it misspelled?"));
            @SuppressWarnings("unchecked")
            List<String> codes = (List<String>) v.get("languageCodes");
            if (!codes.contains(languageCode)) {
                throw new BadRequest("Requested language code '" + languageCode + "' doesn't match the voice '"
                        + name + "' language code '" + codes.get(0) + "'.");
            }
            if (hasSsml && (name.contains("Chirp") || name.contains("Journey"))) {
                throw new BadRequest("This voice does not support SSML input. Please try again with text only.");
            }
            natural = (Integer) v.get("naturalSampleRateHertz");
        }
        JsonNode audio = body.path("audioConfig");
        JsonNode encoding = audio.path("audioEncoding");
        if (!(encoding.asText().equals("LINEAR16") || encoding.isInt() && encoding.asInt() == 1)) {
            throw new BadRequest("This fake only speaks LINEAR16, got audioEncoding " + encoding);
        }
        range(audio, "pitch", -20, 20);
        range(audio, "speakingRate", 0.25, 4.0);
        range(audio, "volumeGainDb", -96, 16);
        int rate = audio.path("sampleRateHertz").asInt(0);
        if (rate == 0) {
            rate = natural;
        }
        short[] pcm = tone(spoken.length() * SAMPLES_PER_CHARACTER, rate, 440 + 40 * sentAudio.size());
        ObjectNode out = JSON.createObjectNode();
        out.put("audioContent", Base64.getEncoder().encodeToString(wav(pcm, rate)));
        // Recorded before answering, so a test that has its answer also sees the request.
        sentAudio.add(pcm);
        received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query,
                ex.getRequestHeaders(), body, spoken));
        json(ex, 200, out);
    }

    private static void range(JsonNode audio, String field, double min, double max) throws BadRequest {
        if (audio.has(field)) {
            double v = audio.get(field).asDouble();
            if (!(field.equals("speakingRate") && v == 0) && (v < min || v > max)) {
                throw new BadRequest("audioConfig." + field + " must be between " + min + " and " + max + ".");
            }
        }
    }

    /** Parses SSML as the service does; markup other than {@code <speak>} is rejected here so escapes are visible. */
    private static String ssmlText(String ssml) throws BadRequest {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(ssml.getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            if (!root.getTagName().equals("speak")) {
                throw new BadRequest("Invalid SSML: root element must be <speak>.");
            }
            for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() != Node.TEXT_NODE) {
                    throw new BadRequest("unexpected SSML element <" + n.getNodeName() + "> (the provider sends only text)");
                }
            }
            return root.getTextContent();
        } catch (BadRequest e) {
            throw e;
        } catch (Exception e) {
            throw new BadRequest("Invalid SSML: " + e.getMessage());
        }
    }

    static short[] tone(int samples, int rate, double hz) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) Math.round(Math.sin(2 * Math.PI * hz * i / rate) * 12000);
        }
        return pcm;
    }

    static byte[] wav(short[] pcm, int rate) {
        ByteBuffer b = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + pcm.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(pcm.length * 2);
        for (short s : pcm) {
            b.putShort(s);
        }
        return b.array();
    }

    private static void error(HttpExchange ex, int status, String googleStatus, String message,
                              List<Map<String, Object>> details) throws IOException {
        ObjectNode err = JSON.createObjectNode();
        err.put("code", status);
        err.put("message", message);
        err.put("status", googleStatus);
        if (!details.isEmpty()) {
            err.set("details", JSON.valueToTree(details));
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("error", err);
        json(ex, status, out);
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static JsonNode parseJson(byte[] raw) {
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }
}
