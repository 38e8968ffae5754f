package io.voicerouter.xtts;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test cases of coqui-ai-TTS's own tokenizer module (test_expand_numbers_multilingual for English,
 * test_abbreviations_multilingual, test_symbols_multilingual), run against the Java cleaners.
 * Numbers in other languages are not expanded here yet, so their number cases are not listed.
 */
class CoquiCleanerCasesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "In 12.5 seconds.|In twelve point five seconds.",
        "There were 50 soldiers.|There were fifty soldiers.",
        "This is a 1st test|This is a first test",
        "That will be $20 sir.|That will be twenty dollars sir.",
        "That will be 20€ sir.|That will be twenty euro sir.",
        "That will be 20.15€ sir.|That will be twenty euro, fifteen cents sir.",
        "That's 100,000.5.|That's one hundred thousand point five.",
    })
    void englishNumbers(String in, String out) {
        assertThat(TextPreparer.expandEnglishNumbers(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "en|Hello Mr. Smith.|Hello mister Smith.",
        "en|Dr. Jones is here.|doctor Jones is here.",
        "es|Hola Sr. Garcia.|Hola señor Garcia.",
        "es|La Dra. Martinez es muy buena.|La doctora Martinez es muy buena.",
        "fr|Bonjour Mr. Dupond.|Bonjour monsieur Dupond.",
        "fr|Mme. Moreau est absente aujourd'hui.|madame Moreau est absente aujourd'hui.",
        "de|Frau Dr. Müller ist sehr klug.|Frau doktor Müller ist sehr klug.",
        "pt|Olá Sr. Silva.|Olá senhor Silva.",
        "pt|Dra. Costa, você está disponível?|doutora Costa, você está disponível?",
        "it|Buongiorno, Sig. Rossi.|Buongiorno, signore Rossi.",
        "pl|Dzień dobry, P. Kowalski.|Dzień dobry, pani Kowalski.",
        "pl|M. Nowak, czy mogę zadać pytanie?|pan Nowak, czy mogę zadać pytanie?",
        "cs|P. Novák|pan Novák",
        "cs|Dr. Vojtěch|doktor Vojtěch",
        "nl|Dhr. Jansen|de heer Jansen",
        "nl|Mevr. de Vries|mevrouw de Vries",
        "ru|Здравствуйте Г-н Иванов.|Здравствуйте господин Иванов.",
        "ru|Д-р Смирнов здесь, чтобы увидеть вас.|доктор Смирнов здесь, чтобы увидеть вас.",
        "tr|Merhaba B. Yılmaz.|Merhaba bay Yılmaz.",
        "tr|Dr. Ayşe burada.|doktor Ayşe burada.",
        "hu|Dr. Szabó itt van.|doktor Szabó itt van.",
    })
    void abbreviations(String lang, String in, String out) {
        assertThat(TextPreparer.expandAbbreviations(in, lang)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "en|I have 14% battery|I have 14 percent battery",
        "es|Te veo @ la fiesta|Te veo arroba la fiesta",
        "fr|J'ai 14° de fièvre|J'ai 14 degrés de fièvre",
        "de|Die Rechnung beträgt £ 20|Die Rechnung beträgt pfund 20",
        "pt|O meu email é ana&joao@gmail.com|O meu email é ana e joao arroba gmail.com",
        "it|linguaggio di programmazione C#|linguaggio di programmazione C cancelletto",
        "pl|Moja temperatura to 36.6°|Moja temperatura to 36.6 stopnie",
        "cs|Mám 14% baterie|Mám 14 procento baterie",
        "cs|Těším se na tebe @ party|Těším se na tebe na party",
        "ru|У меня 14% заряда|У меня 14 процентов заряда",
        "ru|Я буду @ дома|Я буду собака дома",
        "nl|Ik heb 14% batterij|Ik heb 14 procent batterij",
        "nl|Ik zie je @ het feest|Ik zie je bij het feest",
        "ar|لدي 14% في البطارية|لدي 14 في المئة في البطارية",
        "zh|我的电量为 14%|我的电量为 14 百分之",
        "tr|Pilim %14 dolu.|Pilim yüzde 14 dolu.",
        "hu|Az akkumulátorom töltöttsége 14%|Az akkumulátorom töltöttsége 14 százalék",
        // Coqui's list also has a Korean case expecting "14 퍼센트입니다", which its own code (a symbol replaced
        // by " 퍼센트 ") cannot produce; the behaviour of the code is kept: "14 퍼센트 입니다".
        "ko|배터리 잔량이 14%입니다.|배터리 잔량이 14 퍼센트 입니다.",
    })
    void symbols(String lang, String in, String out) {
        assertThat(TextPreparer.expandSymbols(in, lang)).isEqualTo(out);
    }
}
