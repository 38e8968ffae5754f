package io.voicerouter.provider.xtts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected strings are what XTTS's multilingual_cleaners (num2words) produce for English. */
class TextPreparerTest {
    @Test
    void cardinalsFollowNum2Words() {
        assertThat(EnglishNumbers.cardinal(0)).isEqualTo("zero");
        assertThat(EnglishNumbers.cardinal(21)).isEqualTo("twenty-one");
        assertThat(EnglishNumbers.cardinal(101)).isEqualTo("one hundred and one");
        assertThat(EnglishNumbers.cardinal(1001)).isEqualTo("one thousand and one");
        assertThat(EnglishNumbers.cardinal(1234)).isEqualTo("one thousand, two hundred and thirty-four");
        assertThat(EnglishNumbers.cardinal(2_000_050)).isEqualTo("two million and fifty");
        assertThat(EnglishNumbers.cardinal(100_000)).isEqualTo("one hundred thousand");
    }

    @Test
    void ordinalsAndDecimals() {
        assertThat(EnglishNumbers.ordinal(1)).isEqualTo("first");
        assertThat(EnglishNumbers.ordinal(22)).isEqualTo("twenty-second");
        assertThat(EnglishNumbers.ordinal(40)).isEqualTo("fortieth");
        assertThat(EnglishNumbers.ordinal(112)).isEqualTo("one hundred and twelfth");
        assertThat(EnglishNumbers.decimal("3", "14")).isEqualTo("three point one four");
    }

    @Test
    void englishCleaningExpandsNumbersAbbreviationsAndSymbols() {
        assertThat(TextPreparer.clean("Dr. Smith paid $5.50 for 2 apples on the 3rd of May.", "en"))
                .isEqualTo("doctor smith paid five dollars, fifty cents for two apples on the third of may.");
        assertThat(TextPreparer.clean("It costs $1,000 & 50% more", "en"))
                .isEqualTo("it costs one thousand dollars and fifty percent more");
        assertThat(TextPreparer.clean("Mr.  \"Jones\"   lives at 221 Baker St.", "en"))
                .isEqualTo("mister jones lives at two hundred and twenty-one baker saint");
        assertThat(TextPreparer.clean("Pi is 3.14", "en")).isEqualTo("pi is three point one four");
    }

    /** Each of these threw NumberFormatException, which the router took for a transient provider failure. */
    @Test
    void numbersLongerThanALongAreSpelledDigitByDigit() {
        String twenty = "12345678901234567890";
        assertThat(TextPreparer.clean("the " + twenty + "th time", "en"))
                .isEqualTo("the one two three four five six seven eight nine zero one two three four five six seven"
                        + " eight nine zero time");
        assertThat(TextPreparer.clean(twenty + ".5", "en")).startsWith("one two three").endsWith("zero point five");
        assertThat(TextPreparer.clean("$" + twenty, "en")).startsWith("one two three").endsWith("zero dollars");
        assertThat(TextPreparer.clean(twenty + "€", "en")).endsWith("zero euro");
        assertThat(TextPreparer.clean("9".repeat(5000), "en")).startsWith("nine nine").doesNotContain("9");
        assertThat(TextPreparer.clean("the 21st", "en")).isEqualTo("the twenty-first");
    }

    @Test
    void otherLanguagesAreLowerCasedButKeepTheirDigits() {
        assertThat(TextPreparer.clean("Hola  MUNDO 42", "es")).isEqualTo("hola mundo 42");
        assertThat(TextPreparer.clean("İSTANBUL", "tr")).isEqualTo("istanbul");
    }

    @Test
    void otherLanguagesSpellOutTheirAbbreviationsAndSymbols() {
        assertThat(TextPreparer.clean("La Sra. García & el Dr. Pérez: 50%", "es"))
                .isEqualTo("la señora garcía y el doctor pérez: 50 por ciento");
        assertThat(TextPreparer.clean("Mme. Dupont @ St. Malo", "fr")).isEqualTo("madame dupont arobase saint malo");
        assertThat(TextPreparer.clean("Fr. Müller & Co. Dr. Schmidt", "de")).isEqualTo("frau müller und firma doktor schmidt");
        assertThat(TextPreparer.clean("Д-р Иванов & г-н Петров", "ru")).isEqualTo("доктор иванов и господин петров");
    }

    @Test
    void englishCommaGroupsAndCommaDecimalsFollowCoqui() {
        assertThat(TextPreparer.clean("1,234,567 people", "en"))
                .isEqualTo("one million, two hundred and thirty-four thousand, five hundred and sixty-seven people");
        assertThat(TextPreparer.clean("the 5ths", "en")).isEqualTo("the fifths");
    }

    @Test
    void prepareAddsTheLanguageTokenAndSpaceTokens() {
        assertThat(TextPreparer.prepare("hello world", "en-US")).isEqualTo("[en]hello[SPACE]world");
        assertThat(TextPreparer.prepare("ni hao", "zh")).isEqualTo("[zh-cn]ni[SPACE]hao");
    }

    @Test
    void characterLimitsPerLanguage() {
        assertThat(TextPreparer.charLimit("en")).isEqualTo(250);
        assertThat(TextPreparer.charLimit("ja")).isEqualTo(71);
        assertThat(TextPreparer.charLimit("zh-cn")).isEqualTo(82);
    }
}
