package io.voicerouter.cloud;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class XmlAndRetryAfterTest {
    /** voice-core's segmenter measures escaped text without escaping it; it must agree with what is sent. */
    @Test
    void theCoresEscapedByteUnitIsExactlyTheUtf8LengthOfXmlEscape() {
        java.util.Random random = new java.util.Random(7);
        // a lone surrogate (0xD800) is forbidden in XML: escaped to a space, counted as 1
        int[] pool = {'a', ' ', '&', '<', '>', '"', '\'', 0x1, 0x9, 0xE9, 0x65E5, 0xFFFE, 0x1F600, 0x200D, 0xD800};
        for (int n = 0; n < 500; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                b.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String s = b.toString();
            assertThat(io.voicerouter.text.TextUnit.XML_ESCAPED_UTF8_BYTES.measure(s)).as(s)
                    .isEqualTo(Xml.escape(s).getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void escapesTheFiveSpecialsSoTextCannotBecomeMarkup() {
        assertThat(Xml.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&apos;");
        assertThat(Xml.escape("</voice><voice name='x'>")).doesNotContain("<", ">", "'");
        assertThat(Xml.escape("plain text, äöü, 日本語")).isEqualTo("plain text, äöü, 日本語");
    }

    @Test
    void replacesCharactersXmlForbidsAndKeepsSurrogatePairs() {
        assertThat(Xml.escape("bell\u0007 nul\u0000 tab\t nl\n cr\r ok")).isEqualTo("bell  nul  tab\t nl\n cr\r ok");
        assertThat(Xml.escape("emoji \uD83D\uDE00 lone \uD800! low \uDC00.")).isEqualTo("emoji \uD83D\uDE00 lone  ! low  .");
        assertThat(Xml.escape("\uFFFE\uFFFF\uFFFD")).isEqualTo("  \uFFFD");
        assertThat(Xml.escape("")).isEmpty();
    }

    @Test
    void retryAfterTakesDeltaSecondsOrAnHttpDateAgainstTheClock() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("120", clock)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", clock)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", clock)).contains(Duration.ofSeconds(30));
        // A date in the past means "now", not a negative wait.
        assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
    }

    @Test
    void retryAfterIgnoresWhatItCannotRead() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        assertThat(RetryAfter.parse("-5", clock)).isEmpty();
        assertThat(RetryAfter.parse("soon", clock)).isEmpty();
        assertThat(RetryAfter.parse("2026-11-25T12:00:30Z", clock)).isEmpty();
        assertThat(RetryAfter.parse("", clock)).isEmpty();
        assertThat(RetryAfter.parse(null, clock)).isEmpty();
    }

    @Test
    void statusCodesMapToTheRoutersKinds() {
        assertThat(HttpStatusKinds.of(400)).isEqualTo(io.voicerouter.error.ErrorKind.BAD_INPUT);
        assertThat(HttpStatusKinds.of(413)).isEqualTo(io.voicerouter.error.ErrorKind.BAD_INPUT);
        assertThat(HttpStatusKinds.of(401)).isEqualTo(io.voicerouter.error.ErrorKind.AUTHENTICATION);
        assertThat(HttpStatusKinds.of(403)).isEqualTo(io.voicerouter.error.ErrorKind.AUTHENTICATION);
        assertThat(HttpStatusKinds.of(404)).isEqualTo(io.voicerouter.error.ErrorKind.MISCONFIGURED);
        assertThat(HttpStatusKinds.of(406)).isEqualTo(io.voicerouter.error.ErrorKind.MISCONFIGURED);
        assertThat(HttpStatusKinds.of(408)).isEqualTo(io.voicerouter.error.ErrorKind.TIMEOUT);
        assertThat(HttpStatusKinds.of(504)).isEqualTo(io.voicerouter.error.ErrorKind.TIMEOUT);
        assertThat(HttpStatusKinds.of(429)).isEqualTo(io.voicerouter.error.ErrorKind.RATE_LIMITED);
        assertThat(HttpStatusKinds.of(503)).isEqualTo(io.voicerouter.error.ErrorKind.SERVER_ERROR);
        assertThat(HttpStatusKinds.of(302)).isEqualTo(io.voicerouter.error.ErrorKind.INTERNAL);
    }
}
