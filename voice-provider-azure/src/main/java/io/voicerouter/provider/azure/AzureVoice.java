package io.voicerouter.provider.azure;

import java.util.List;
import java.util.Objects;

/**
 * One voice from the service's voice list.
 *
 * @param shortName the name used in SSML, e.g. {@code en-US-JennyNeural}
 * @param locale    BCP-47 locale, e.g. {@code en-US}
 * @param gender    {@code Female}, {@code Male} or {@code Neutral}, as the service says
 * @param voiceType {@code Neural} for prebuilt neural voices
 * @param styles    the speaking styles the voice supports, for the {@code style} setting
 */
public record AzureVoice(String shortName, String locale, String gender, String voiceType, List<String> styles) {
    public AzureVoice {
        Objects.requireNonNull(shortName, "shortName");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(voiceType, "voiceType");
        styles = List.copyOf(styles);
    }
}
