package io.voicerouter.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that changes the audio of one synthesis. Two requests share cached audio only when
 * every field is equal. {@link #digest()} is a SHA-256 over a canonical encoding, used as the
 * content address of the disk tier.
 *
 * @param text           the text, normalized with {@link #normalizeText}
 * @param language       normalized language code
 * @param providerId     provider id
 * @param modelIdentity  model file hash or service model name
 * @param voiceIdentity  voice id/name or reference-sample hash
 * @param settings       every resolved setting, sorted by name
 * @param outputFormat   e.g. "pcm_f32@22050x1" or "wav_s16@24000x1"
 * @param seed           the sampling seed, or 0 for deterministic providers
 */
public record CacheKey(String text, String language, String providerId, String modelIdentity,
                       String voiceIdentity, Map<String, Object> settings, String outputFormat, long seed) {
    public CacheKey {
        Objects.requireNonNull(text);
        Objects.requireNonNull(language);
        Objects.requireNonNull(providerId);
        Objects.requireNonNull(modelIdentity);
        Objects.requireNonNull(voiceIdentity);
        Objects.requireNonNull(outputFormat);
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** NFC, trimmed, runs of white space collapsed: "Hello,  world " and "Hello, world" are one key. */
    public static String normalizeText(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).strip().replaceAll("\\s+", " ");
    }

    /**
     * This key with its text passed through {@link #normalizeText}: keys that differ only in white
     * space or Unicode composition become equal. Caches call it, so callers need not remember to.
     */
    public CacheKey normalized() {
        String normalizedText = normalizeText(text);
        return normalizedText.equals(text) ? this
                : new CacheKey(normalizedText, language, providerId, modelIdentity, voiceIdentity, settings,
                        outputFormat, seed);
    }

    /** Hex SHA-256 of a length-prefixed canonical encoding of every field. */
    public String digest() {
        StringBuilder sb = new StringBuilder();
        append(sb, text);
        append(sb, language);
        append(sb, providerId);
        append(sb, modelIdentity);
        append(sb, voiceIdentity);
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            append(sb, e.getKey());
            append(sb, canonical(e.getValue()));
        }
        append(sb, outputFormat);
        append(sb, Long.toString(seed));
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return String.valueOf(value);
    }

    private static void append(StringBuilder sb, String s) {
        sb.append(s.length()).append(':').append(s).append(';');
    }
}
