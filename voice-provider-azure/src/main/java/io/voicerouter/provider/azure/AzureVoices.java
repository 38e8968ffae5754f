package io.voicerouter.provider.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.cloud.ServiceState;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.language.LanguageCodes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The choice of a voice for a request, from the cached voice list. */
final class AzureVoices {
    /** A voice and the xml:lang its SSML needs. */
    record Choice(String name, String locale) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The locale to prefer when a bare language has several, where "xx-XX" is not the obvious one. */
    private static final Map<String, String> PREFERRED = Map.of("en", "en-US", "pt", "pt-BR", "ar", "ar-SA",
            "zh", "zh-CN", "ja", "ja-JP", "ko", "ko-KR", "hi", "hi-IN", "cs", "cs-CZ");

    private final ServiceState<AzureVoice> state;

    AzureVoices(ServiceState<AzureVoice> state) {
        this.state = state;
    }

    /**
     * The named voice (its locale from the list when it is cached, else from the name's
     * {@code xx-YY} prefix), or a neural voice for {@code language} from the list.
     */
    Choice choose(Optional<String> explicit, String language) {
        if (explicit.isPresent()) {
            String name = explicit.get();
            for (AzureVoice v : state.voicesIfFetched().orElse(List.of())) {
                if (v.shortName().equalsIgnoreCase(name)) {
                    return new Choice(v.shortName(), v.locale());
                }
            }
            return new Choice(name, localeOfName(name).orElse(language));
        }
        String wanted = LanguageCodes.tryNormalize(language).orElse(language);
        String preferred = PREFERRED.getOrDefault(wanted, wanted.contains("-") ? wanted
                : wanted + "-" + wanted.toUpperCase(Locale.ROOT));
        return state.voices().stream()
                .filter(v -> LanguageCodes.tryNormalize(v.locale()).map(n -> n.equals(wanted)).orElse(false))
                .min(Comparator.comparing((AzureVoice v) -> !v.voiceType().equalsIgnoreCase("Neural"))
                        .thenComparing(v -> !v.locale().equalsIgnoreCase(preferred)))
                .map(v -> new Choice(v.shortName(), v.locale()))
                .orElseThrow(() -> new ProviderException(AzureTtsProvider.ID, ErrorKind.UNSUPPORTED_LANGUAGE,
                        "no voice for language '" + language + "'"));
    }

    static Set<String> languages(List<AzureVoice> voices) {
        Set<String> out = new LinkedHashSet<>();
        for (AzureVoice v : voices) {
            LanguageCodes.tryNormalize(v.locale()).ifPresent(out::add);
        }
        return out;
    }

    static List<AzureVoice> parse(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isArray()) {
                throw new IOException("expected a JSON array");
            }
            List<AzureVoice> out = new ArrayList<>();
            for (JsonNode n : root) {
                String shortName = n.path("ShortName").asText("");
                String locale = n.path("Locale").asText("");
                if (shortName.isEmpty() || locale.isEmpty()) {
                    continue;
                }
                List<String> styles = new ArrayList<>();
                n.path("StyleList").forEach(s -> styles.add(s.asText()));
                out.add(new AzureVoice(shortName, locale, n.path("Gender").asText(""), n.path("VoiceType").asText(""), styles));
            }
            return out;
        } catch (IOException e) {
            throw new ProviderException(AzureTtsProvider.ID, ErrorKind.SERVER_ERROR,
                    "the voice list is not the JSON the service sends: " + e.getMessage(), e);
        }
    }

    private static Optional<String> localeOfName(String name) {
        String[] parts = name.split("-");
        if (parts.length >= 3 && parts[0].matches("[a-z]{2,3}") && parts[1].matches("[A-Z]{2}|[0-9]{3}")) {
            return Optional.of(parts[0] + "-" + parts[1]);
        }
        return Optional.empty();
    }
}
