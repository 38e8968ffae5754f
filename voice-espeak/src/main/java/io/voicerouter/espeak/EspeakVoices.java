package io.voicerouter.espeak;

import io.voicerouter.language.LanguageCodes;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * espeak-ng's voices indexed by normalized language code: for each language the voice espeak itself
 * ranks best (lowest priority number in the voice file), named as {@code espeak_SetVoiceByName}
 * accepts it ({@code en-US}, {@code de}, {@code cmn}). Immutable.
 */
final class EspeakVoices {
    /**
     * The longest voice name, variant included, that reaches espeak-ng. libespeak-ng copies the
     * variant into a 40-byte static buffer behind a 3-byte "!v/" prefix (ExtractVoiceVariantName):
     * 37 bytes there overflow it and abort the process. Real names are far shorter.
     */
    static final int MAX_VOICE_BYTES = 32;
    /** What a variant name may contain: espeak-ng's own file names, one ("Mr serious") with a space. */
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_ ()-]+");
    /** A voice may also be named by its identifier, {@code gmw/en-US}; only listed ones are accepted. */
    private static final java.util.regex.Pattern BASE = java.util.regex.Pattern.compile("[A-Za-z0-9_ ()/-]+");
    /** language[-Script][-REGION]: what may be looked up as a language when no voice has the name. */
    static final java.util.regex.Pattern LANGUAGE_TAG =
            java.util.regex.Pattern.compile("(?i)[a-z]{2,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?");

    private final Map<String, String> voiceByLanguage;
    private final Map<String, String> voiceByDeclaredCode;
    private final Set<String> voiceNames;
    private final Map<String, String> variantByLowerName;

    private EspeakVoices(Map<String, String> voiceByLanguage, Map<String, String> voiceByDeclaredCode,
                         Set<String> voiceNames, Map<String, String> variantByLowerName) {
        this.voiceByLanguage = Collections.unmodifiableMap(voiceByLanguage);
        this.voiceByDeclaredCode = Collections.unmodifiableMap(voiceByDeclaredCode);
        this.voiceNames = Collections.unmodifiableSet(voiceNames);
        this.variantByLowerName = Collections.unmodifiableMap(variantByLowerName);
    }

    static EspeakVoices of(List<VoiceEntry> voices) {
        return of(voices, List.of());
    }

    /**
     * @param variants what {@code espeak_ListVoices} lists for the language "variant" (identifiers
     *                 such as {@code !v/f3}); the names a voice's {@code +variant} suffix may take
     */
    static EspeakVoices of(List<VoiceEntry> voices, List<VoiceEntry> variants) {
        Set<String> names = new java.util.HashSet<>();
        for (VoiceEntry voice : voices) {
            // espeak_SetVoiceByName matches the display name, the identifier or its file name, ignoring case.
            for (String n : List.of(voice.name(), voice.identifier(), shortName(voice.identifier()))) {
                if (!n.isEmpty()) {
                    names.add(n.toLowerCase(Locale.ROOT));
                }
            }
        }
        Map<String, String> variantNames = new HashMap<>();
        for (VoiceEntry variant : variants) {
            String n = shortName(variant.identifier());
            if (!n.isEmpty()) {
                variantNames.putIfAbsent(n.toLowerCase(Locale.ROOT), n);
            }
        }
        Map<String, String> best = new HashMap<>();
        Map<String, Integer> bestRank = new HashMap<>();
        Map<String, String> declared = new HashMap<>();
        Map<String, Integer> declaredRank = new HashMap<>();
        for (VoiceEntry voice : voices) {
            String name = shortName(voice.identifier());
            if (name.isEmpty()) {
                continue;
            }
            for (VoiceEntry.Language language : voice.languages()) {
                String lower = language.code().toLowerCase(Locale.ROOT);
                Integer seen = declaredRank.get(lower);
                if (seen == null || language.priority() < seen) {
                    declared.put(lower, name);
                    declaredRank.put(lower, language.priority());
                }
                Optional<String> code = normalize(language.code());
                if (code.isEmpty()) {
                    continue;
                }
                // espeak's priority first; then a voice that declares the code itself over one whose
                // code only normalizes to it (zh over zh-yue); then the voice named after it (de for de).
                boolean direct = code.get().equalsIgnoreCase(language.code());
                int rank = language.priority() * 4 + (direct ? 0 : 2) + (name.equalsIgnoreCase(language.code()) ? 0 : 1);
                Integer current = bestRank.get(code.get());
                if (current == null || rank < current) {
                    best.put(code.get(), name);
                    bestRank.put(code.get(), rank);
                }
            }
        }
        return new EspeakVoices(best, declared, names, variantNames);
    }

    /**
     * Checks a voice as a config may name it ({@code en-us}, {@code fr-fr+f3}, {@code de+13}) against
     * the voices and variants this espeak-ng has, before any of it reaches native code.
     *
     * @return the name to hand espeak-ng (the variant spelled as its file is), or the problem
     */
    Checked check(String voice) {
        String v = voice.strip();
        if (v.isEmpty()) {
            return Checked.problem("the voice name is empty");
        }
        if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VOICE_BYTES) {
            return Checked.problem("the voice name is " + v.length() + " characters long; espeak-ng voice names,"
                    + " variant included, are at most " + MAX_VOICE_BYTES);
        }
        int plus = v.indexOf('+');
        String base = plus < 0 ? v : v.substring(0, plus);
        String variant = plus < 0 ? null : v.substring(plus + 1);
        if (!BASE.matcher(base).matches() || !knowsVoice(base)) {
            return Checked.problem("espeak-ng has no voice '" + base + "'; run 'espeak-ng --voices' for the list"
                    + " (for example en-us, de, fr-fr, es, cmn)");
        }
        if (variant == null) {
            return Checked.ok(v);
        }
        String file = variantFile(variant);
        if (file == null) {
            return Checked.problem("espeak-ng has no voice variant '" + variant + "'; run 'espeak-ng --voices=variant'"
                    + " for the list (for example f3, m1, klatt, whisper)");
        }
        return Checked.ok(base + "+" + file);
    }

    /** What {@link #check} found: the name to use, or why there is none. */
    record Checked(String voice, String problem) {
        static Checked ok(String voice) {
            return new Checked(voice, null);
        }

        static Checked problem(String problem) {
            return new Checked(null, problem);
        }

        boolean isOk() {
            return problem == null;
        }
    }

    private boolean knowsVoice(String base) {
        if (voiceNames.contains(base.toLowerCase(Locale.ROOT))) {
            return true;
        }
        // Only tag-shaped names: espeak matches languages by prefix, so "no-such-voice" would be Norwegian.
        return LANGUAGE_TAG.matcher(base).matches() && voiceForTag(base).isPresent();
    }

    /** The variant's file name: {@code f3}, or a number as espeak reads it (1 to 9 are m1..m9, 11 to 19 f1..f9). */
    private String variantFile(String variant) {
        if (!variant.isEmpty() && variant.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (variant.length() > 2) {
                return null;
            }
            int n = Integer.parseInt(variant);
            String name = n > 0 && n < 10 ? "m" + n : n > 10 ? "f" + (n - 10) : null;
            return name != null && variantByLowerName.containsKey(name) ? variant : null;
        }
        if (!NAME.matcher(variant).matches()) {
            return null;
        }
        return variantByLowerName.get(variant.toLowerCase(Locale.ROOT));
    }

    /** Normalized codes of every language some voice speaks. */
    Set<String> languages() {
        return Collections.unmodifiableSet(new TreeSet<>(voiceByLanguage.keySet()));
    }

    /** The voice for a normalized language code: exact, then Cantonese for Hong Kong, then the base language. */
    Optional<String> voiceFor(String language) {
        String exact = voiceByLanguage.get(language);
        if (exact != null) {
            return Optional.of(exact);
        }
        if (language.equals("zh-HK") && voiceByLanguage.containsKey("yue")) {
            return Optional.of(voiceByLanguage.get("yue"));
        }
        return Optional.ofNullable(voiceByLanguage.get(LanguageCodes.base(language)));
    }

    /**
     * The voice for a language tag as a user writes it: a code some voice declares ({@code fr-fr},
     * {@code en-gb-scotland}), else the tag normalized ({@code de-DE} to {@code de}).
     */
    Optional<String> voiceForTag(String tag) {
        String declared = voiceByDeclaredCode.get(tag.toLowerCase(Locale.ROOT));
        if (declared != null) {
            return Optional.of(declared);
        }
        return LanguageCodes.tryNormalize(tag).flatMap(this::voiceFor);
    }

    /** {@code gmw/en-US} to {@code en-US}: the file name, which espeak_SetVoiceByName matches. */
    static String shortName(String identifier) {
        int slash = identifier.lastIndexOf('/');
        return slash < 0 ? identifier : identifier.substring(slash + 1);
    }

    private static Optional<String> normalize(String espeakCode) {
        Optional<String> code = LanguageCodes.tryNormalize(espeakCode);
        if (code.isPresent()) {
            return code;
        }
        // Private-use tags such as chr-US-Qaaa-x-west: keep the language.
        int dash = espeakCode.indexOf('-');
        return dash > 0 ? LanguageCodes.tryNormalize(espeakCode.substring(0, dash).toLowerCase(Locale.ROOT))
                : Optional.empty();
    }
}
