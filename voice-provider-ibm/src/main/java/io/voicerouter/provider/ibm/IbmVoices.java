package io.voicerouter.provider.ibm;

import io.voicerouter.cloud.ServiceState;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.language.LanguageCodes;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The choice of a voice for a request's language from the cached voice list. */
final class IbmVoices {
    private static final Map<String, String> PREFERRED = Map.of("en", "en-US", "pt", "pt-BR", "zh", "zh-CN",
            "ja", "ja-JP", "ko", "ko-KR", "ar", "ar-MS", "nl", "nl-NL", "cs", "cs-CZ", "sv", "sv-SE");

    private final ServiceState<IbmVoice> state;

    IbmVoices(ServiceState<IbmVoice> state) {
        this.state = state;
    }

    /** A voice for {@code language}, preferring the newest (V3, expressive) voices and the main locale. */
    String forLanguage(String language) {
        String wanted = LanguageCodes.tryNormalize(language).orElse(language);
        String preferred = PREFERRED.getOrDefault(wanted, wanted.contains("-") ? wanted
                : wanted + "-" + wanted.toUpperCase(Locale.ROOT));
        return state.voices().stream()
                .filter(v -> LanguageCodes.tryNormalize(v.language()).map(n -> n.equals(wanted)).orElse(false))
                .min(Comparator.comparing((IbmVoice v) -> !v.language().equalsIgnoreCase(preferred))
                        .thenComparing(v -> !(v.name().contains("V3") || v.name().contains("Expressive")))
                        .thenComparing(IbmVoice::name))
                .map(IbmVoice::name)
                .orElseThrow(() -> new ProviderException(IbmWatsonProvider.ID, ErrorKind.UNSUPPORTED_LANGUAGE,
                        "no voice for language '" + language + "'"));
    }

    static Set<String> languages(List<IbmVoice> voices) {
        Set<String> out = new LinkedHashSet<>();
        for (IbmVoice v : voices) {
            LanguageCodes.tryNormalize(v.language()).ifPresent(out::add);
        }
        return out;
    }
}
