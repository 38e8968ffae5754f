package io.voicerouter.language;

import io.voicerouter.error.UnsupportedLanguageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LanguagesTest {
    @Test
    void theTableHasTheSeeds26LanguagesInOrder() {
        assertThat(Languages.all()).hasSize(26);
        assertThat(Languages.all().get(0).code()).isEqualTo("en");
        assertThat(Languages.all().get(25).code()).isEqualTo("hu");
        assertThat(Languages.all()).extracting(Language::code).doesNotHaveDuplicates();
    }

    @Test
    void providerListsFollowTheSeedWithRealProviderIds() {
        assertThat(Languages.providersFor("en")).containsExactly("xtts_v2", "styletts2", "piper", "google_tts", "azure_tts");
        assertThat(Languages.providersFor("cs")).containsExactly("xtts_v2", "piper", "google_tts", "azure_tts");
        assertThat(Languages.providersFor("te")).containsExactly("styletts2", "piper", "google_tts", "azure_tts");
        assertThat(Languages.providersFor("hu")).containsExactly("xtts_v2", "google_tts", "azure_tts");
        assertThat(Languages.providersFor("fil")).containsExactly("piper", "google_tts", "azure_tts");
        assertThat(Languages.providersFor("xx")).isEmpty();
        assertThat(Languages.spokenBy("xtts_v2")).hasSize(17);
    }

    @Test
    void lookupsNormalizeFirst() {
        assertThat(Languages.byCode("EN_us")).map(Language::name).contains("English");
        assertThat(Languages.byCode("pt-BR")).map(Language::code).contains("pt");
        assertThat(Languages.byCode("zh-CN")).map(Language::code).contains("zh");
        assertThat(Languages.byCode("tl")).map(Language::name).contains("Filipino");
        assertThat(Languages.byCode("in")).map(Language::name).contains("Indonesian");
        assertThat(Languages.byCode("sv")).isEmpty();
        assertThatThrownBy(() -> Languages.byCode("!!")).isInstanceOf(UnsupportedLanguageException.class);
    }

    @Test
    void namesComeFromTheTableThenTheJdkThenTheCode() {
        assertThat(Languages.name("ms")).isEqualTo("Malay");
        assertThat(Languages.name("de-AT")).isEqualTo("German");
        assertThat(Languages.name("sv")).isEqualTo("Swedish");
        assertThat(Languages.name("zh-TW")).isEqualTo("Chinese (Taiwan)");
        assertThat(Languages.name("qqq")).isEqualTo("qqq");
        assertThat(Languages.name("not a code")).isEqualTo("not a code");
    }

    @ParameterizedTest
    @CsvSource({"en-US,en", "EN_us,en", "en,en", "pt-BR,pt", "pt_br,pt", "zh-CN,zh-CN", "zh_cn,zh-CN", "zh-Hant,zh-TW",
            "zh-Hans-SG,zh-CN", "zh,zh", "fil,fil", "tl,fil", "tl-PH,fil", "FIL,fil", "iw,he", "iw-IL,he", "in,id",
            "ji,yi", "eng,en", "deu,de", "ger,de", "chi,zh", "zho-TW,zh-TW", "tgl,fil", "yue,yue", "' en-GB ',en"})
    void normalizes(String in, String out) {
        assertThat(LanguageCodes.normalize(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e", "english!", "12", "en-", "-en", "en--US", "abcd", "en US", "e1"})
    void malformedCodesAreTypedErrors(String code) {
        assertThatThrownBy(() -> LanguageCodes.normalize(code)).isInstanceOf(UnsupportedLanguageException.class)
                .hasMessageContaining("Malformed");
        assertThat(LanguageCodes.tryNormalize(code)).isEmpty();
    }

    @Test
    void nullIsMalformedToo() {
        assertThatThrownBy(() -> LanguageCodes.normalize(null)).isInstanceOf(UnsupportedLanguageException.class);
    }

    @Test
    void matchingUsesTheBaseLanguage() {
        assertThat(LanguageCodes.matches("zh-CN", java.util.List.of("zh"))).isTrue();
        assertThat(LanguageCodes.matches("zh", java.util.List.of("zh-CN"))).isTrue();
        assertThat(LanguageCodes.matches("zh-TW", java.util.List.of("zh-CN"))).isFalse();
    }
}
