package io.voicerouter.provider.azure;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for {@code {region}.tts.speech.microsoft.com}. It checks each request as the
 * service does (path, method, subscription key, content type, output format, well-formed SSML with
 * the namespaces and elements Azure expects), answers 401/400 the way Azure does when those are
 * wrong, and otherwise speaks: a 440 Hz tone lasting 10 ms per character of the text it parsed out
 * of the SSML, as a 48 kHz 16-bit mono RIFF file. Tests can queue failures for the next requests.
 */
final class AzureFake implements AutoCloseable {
    static final String KEY = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6";
    static final int RATE = 48_000;
    static final String SSML_NS = "http://www.w3.org/2001/10/synthesis";
    static final String MSTTS_NS = "https://www.w3.org/2001/mstts";

    /** What the fake understood of one synthesis request. */
    record Received(String method, String path, Map<String, List<String>> headers, String body, String voice,
                    String lang, String style, String rate, String pitch, String text, List<String> elements) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final LoopbackServer server = new LoopbackServer();
    private final List<Received> synth = new CopyOnWriteArrayList<>();
    private final List<String> voiceListCalls = new CopyOnWriteArrayList<>();
    private final Queue<CannedFailure> failures = new ConcurrentLinkedQueue<>();

    AzureFake() {
        server.route("/cognitiveservices/v1", this::synthesize).route("/cognitiveservices/voices/list", this::voices);
    }

    String endpoint() {
        return server.url();
    }

    List<Received> synthesisRequests() {
        return synth;
    }

    int voiceListCalls() {
        return voiceListCalls.size();
    }

    void failNext(CannedFailure f) {
        failures.add(f);
    }

    static float[] tone(int characters) {
        return TestWavs.tone(characters * RATE / 100, RATE);
    }

    private void synthesize(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/cognitiveservices/v1")) {
                send(ex, 405, "text/plain", new byte[0]);
                return;
            }
            if (!KEY.equals(ex.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
                send(ex, 401, "application/json", ("{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid"
                        + " subscription key or wrong API endpoint.\"}}").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"application/ssml+xml".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                send(ex, 415, "text/plain", new byte[0]);
                return;
            }
            String format = ex.getRequestHeaders().getFirst("X-Microsoft-OutputFormat");
            if (!Set.of("riff-48khz-16bit-mono-pcm", "riff-24khz-16bit-mono-pcm").contains(format)
                    || ex.getRequestHeaders().getFirst("User-Agent") == null) {
                send(ex, 400, "text/plain", "bad output format or no User-Agent".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Received r;
            try {
                r = parse(ex, body);
            } catch (Exception e) {
                send(ex, 400, "text/plain", ("SSML parsing error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            synth.add(r);
            CannedFailure f = failures.poll();
            if (f != null) {
                f.answer(ex, server, "application/json");
                return;
            }
            send(ex, 200, "audio/x-wav", TestWavs.pcm16(tone(r.text().length()), RATE));
        }
    }

    private static Received parse(HttpExchange ex, String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        Element speak = doc.getDocumentElement();
        if (!speak.getLocalName().equals("speak") || !SSML_NS.equals(speak.getNamespaceURI())
                || !"1.0".equals(speak.getAttribute("version"))) {
            throw new IllegalArgumentException("root must be <speak version='1.0'> in the SSML namespace");
        }
        String lang = speak.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang");
        if (lang.isEmpty()) {
            throw new IllegalArgumentException("xml:lang is required");
        }
        List<String> elements = new ArrayList<>();
        collect(speak, elements);
        List<Element> voices = children(speak);
        if (voices.size() != 1 || !voices.get(0).getLocalName().equals("voice")) {
            throw new IllegalArgumentException("expected one <voice>");
        }
        Element voice = voices.get(0);
        String style = null;
        String rate = null;
        String pitch = null;
        for (Node n = voice.getFirstChild(); n != null; n = n.getFirstChild()) {
            if (n instanceof Element e) {
                if (e.getLocalName().equals("express-as") && MSTTS_NS.equals(e.getNamespaceURI())) {
                    style = e.getAttribute("style");
                } else if (e.getLocalName().equals("prosody")) {
                    rate = e.hasAttribute("rate") ? e.getAttribute("rate") : null;
                    pitch = e.hasAttribute("pitch") ? e.getAttribute("pitch") : null;
                }
            }
        }
        Map<String, List<String>> headers = Map.copyOf(ex.getRequestHeaders());
        return new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body, voice.getAttribute("name"),
                lang, style, rate, pitch, voice.getTextContent(), elements);
    }

    private static void collect(Element e, List<String> out) {
        out.add(e.getTagName());
        for (Element c : children(e)) {
            collect(c, out);
        }
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private void voices(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "text/plain", new byte[0]);
                return;
            }
            if (!KEY.equals(ex.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
                send(ex, 401, "application/json", "{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}"
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            voiceListCalls.add(ex.getRequestURI().getPath());
            String json = "[" + voice("en-GB-SoniaNeural", "en-GB", "Female", "[]")
                    + "," + voice("en-US-JennyNeural", "en-US", "Female", "[\"assistant\",\"cheerful\",\"sad\"]")
                    + "," + voice("de-DE-KatjaNeural", "de-DE", "Female", "[]")
                    + "," + voice("zh-CN-XiaoxiaoNeural", "zh-CN", "Female", "[\"cheerful\"]")
                    + "," + voice("ja-JP-NanamiNeural", "ja-JP", "Female", "[]") + "]";
            send(ex, 200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String voice(String shortName, String locale, String gender, String styles) {
        return "{\"Name\":\"Microsoft Server Speech Text to Speech Voice (" + locale + ", " + shortName + ")\","
                + "\"DisplayName\":\"" + shortName + "\",\"LocalName\":\"" + shortName + "\",\"ShortName\":\"" + shortName
                + "\",\"Gender\":\"" + gender + "\",\"Locale\":\"" + locale + "\",\"LocaleName\":\"" + locale
                + "\",\"StyleList\":" + styles + ",\"SampleRateHertz\":\"48000\",\"VoiceType\":\"Neural\","
                + "\"Status\":\"GA\",\"WordsPerMinute\":\"150\"}";
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        LoopbackServer.send(ex, status, type, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
