package io.voicerouter.provider.piper;

import io.voicerouter.audio.AudioData;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The probe voices made by tools/make_piper_probe.py, and a decoder for their audio: each id i was
 * rendered as a sine of F0 + STEP * i Hz lasting round(length_scale * K) samples, amplitude
 * A0 + A_STEP * sid.
 */
final class ProbeVoices {
    static final String SINGLE = "en_US-probe-x_low";
    static final String MULTI = "en_US-probemulti-x_low";
    static final String TEXT = "en_US-probetext-x_low";
    static final int K = 1024;
    static final double F0 = 200;
    static final double STEP = 60;
    static final int RATE = 22050;
    static final int MAX_ID = 160;

    private ProbeVoices() {
    }

    /** Copies the probe voices into {@code dir} as installed voices. */
    static void install(Path dir, String... keys) throws IOException {
        Files.createDirectories(dir);
        for (String key : keys) {
            for (String ext : new String[] {".onnx", ".onnx.json"}) {
                try (InputStream in = ProbeVoices.class.getResourceAsStream("/piper/" + key + ext)) {
                    Files.copy(in, dir.resolve(key + ext));
                }
            }
        }
    }

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = ProbeVoices.class.getResourceAsStream("/piper/" + resource)) {
            return in.readAllBytes();
        }
    }

    /** The id sequence in {@code audio}, segment by segment. */
    static List<Long> decode(float[] audio, int segment) {
        if (audio.length % segment != 0) {
            throw new AssertionError(audio.length + " samples is not a whole number of " + segment + "-sample segments");
        }
        List<Long> ids = new ArrayList<>();
        for (int start = 0; start < audio.length; start += segment) {
            ids.add(strongestId(audio, start, segment));
        }
        return ids;
    }

    static List<Long> decode(AudioData audio, int segment) {
        return decode(audio.samples(), segment);
    }

    private static long strongestId(float[] audio, int start, int n) {
        long best = -1;
        double bestPower = -1;
        for (int id = 0; id <= MAX_ID; id++) {
            double p = goertzel(audio, start, n, F0 + STEP * id);
            if (p > bestPower) {
                bestPower = p;
                best = id;
            }
        }
        return best;
    }

    private static double goertzel(float[] x, int start, int n, double freq) {
        double w = 2 * Math.PI * freq / RATE;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double s0 = x[start + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /** A request for {@code voiceId} with raw settings, resolved against the provider's schema. */
    static SynthesisRequest request(PiperProvider provider, String text, String voiceId, Map<String, Object> settings) {
        ProviderConfig config = ProviderConfig.enabledDefault().withVoiceId(voiceId).withSettings(settings);
        return SynthesisRequest.of(text, "en", config.voice(),
                Settings.resolve(provider.capabilities().settings(), settings));
    }

    /** A stand-in for espeak-ng that answers fixed IPA for known texts; records the espeak voices asked for. */
    static final class FixedPhonemizer implements Phonemizer {
        private final Map<String, List<String>> answers = new ConcurrentHashMap<>();
        final List<String> voicesAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

        FixedPhonemizer answer(String text, String... sentences) {
            answers.put(text, List.of(sentences));
            return this;
        }

        @Override
        public List<String> phonemize(String text, String voice) {
            voicesAsked.add(voice);
            List<String> a = answers.get(text);
            if (a == null) {
                throw new IllegalArgumentException("test phonemizer has no answer for '" + text + "'");
            }
            return a;
        }
    }
}
