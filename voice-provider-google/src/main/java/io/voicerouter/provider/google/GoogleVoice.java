package io.voicerouter.provider.google;

import io.voicerouter.spi.QuotaBucket;

import java.util.List;
import java.util.Locale;

/** One voice from {@code GET /v1/voices}. */
record GoogleVoice(String name, List<String> languageCodes, String gender, int naturalSampleRateHertz) {
    static final QuotaBucket STANDARD = new QuotaBucket("google_tts/standard", 1_000_000);
    static final QuotaBucket WAVENET_NEURAL2 = new QuotaBucket("google_tts/wavenet_neural2", 100_000);

    GoogleVoice {
        languageCodes = List.copyOf(languageCodes);
    }

    /** The voice's type, the middle part of its name: en-US-<b>Neural2</b>-D, en-US-<b>Chirp3-HD</b>-Kore. */
    static String type(String voiceName) {
        String[] parts = voiceName.split("-");
        if (parts.length < 4) {
            return "";
        }
        return String.join("-", java.util.Arrays.copyOfRange(parts, 2, parts.length - 1));
    }

    /**
     * Standard voices bill from the large allowance; every other type (WaveNet, Neural2, Studio,
     * News, Polyglot, Casual, Journey, Chirp...) is a premium voice and draws from the small one. An
     * unknown name also counts as premium: guessing low would let a paid voice slip past the quota.
     */
    static QuotaBucket bucket(String voiceName) {
        return type(voiceName).toLowerCase(Locale.ROOT).equals("standard") ? STANDARD : WAVENET_NEURAL2;
    }

    /**
     * Chirp (HD, Chirp3-HD) and Journey voices reject SSML input; they get plain text, which needs
     * no escaping because the service does not parse it.
     */
    static boolean acceptsSsml(String voiceName) {
        String t = type(voiceName).toLowerCase(Locale.ROOT);
        return !(t.startsWith("chirp") || t.equals("journey"));
    }

    /** The language part of a voice name: en-US-Neural2-D to en-US, cmn-CN-Wavenet-A to cmn-CN. */
    static String languageOf(String voiceName) {
        String[] parts = voiceName.split("-");
        return parts.length >= 2 ? parts[0] + "-" + parts[1] : voiceName;
    }

    /**
     * Google names Chinese by spoken language (cmn-CN Mandarin, yue-HK Cantonese); the seed's codes
     * are zh-CN, zh-TW and zh-HK.
     */
    static java.util.Optional<String> normalizedLanguage(String googleCode) {
        String c = googleCode.strip();
        String lower = c.toLowerCase(Locale.ROOT);
        if (lower.startsWith("cmn-") || lower.startsWith("yue-")) {
            c = "zh-" + c.substring(4);
        }
        return io.voicerouter.language.LanguageCodes.tryNormalize(c);
    }

    /** Higher is preferred when we choose a voice ourselves: natural sound first, then cost. */
    int preference() {
        return switch (type(name).toLowerCase(Locale.ROOT)) {
            case "neural2" -> 5;
            case "wavenet" -> 4;
            case "standard" -> 3;
            case "studio", "news", "polyglot" -> 2;
            default -> 1;
        };
    }
}
