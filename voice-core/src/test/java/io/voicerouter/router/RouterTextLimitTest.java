package io.voicerouter.router;

import io.voicerouter.testing.ChunkedToneProvider;
import io.voicerouter.testing.ToneProvider;
import io.voicerouter.text.TextLimit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The router cuts text once, in the unit the provider declares ({@code ProviderCapabilities.textLimit}),
 * and the provider never gets a piece over its limit; the tone engine refuses one with BAD_INPUT,
 * so a success is the proof. The cloud providers' own tests do the same against their loopback servers.
 */
class RouterTextLimitTest {
    private static final String FAMILY = "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";
    private static final String TEXT = "日本語の文章です。".repeat(8) + " Emoji: " + FAMILY.repeat(5) + ". The end.";

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static VoiceRouter router(ChunkedToneProvider p) {
        return VoiceRouter.builder().providers(List.of(p)).statsFlushInterval(Duration.ZERO)
                .resilience(Configs.fastPolicy().maxRetries(0).build()).build();
    }

    private static ChunkedToneProvider bytesLimited(int max) {
        return ChunkedToneProvider.of(ToneProvider.builder("google_tts").textLimit(TextLimit.utf8Bytes(max)).build(),
                4000, Duration.ZERO);
    }

    @Test
    void aWholeLineIsCutInUtf8BytesAtSentencesAndNeverInsideAnEmoji() {
        ChunkedToneProvider google = bytesLimited(100);
        try (VoiceRouter r = router(google)) {
            SpeechResult res = r.synthesize(SpeechRequest.of(TEXT, chain("google_tts")));
            assertThat(res.attempts()).singleElement().isInstanceOf(Attempt.Succeeded.class);
            List<String> sent = google.texts();
            assertThat(sent).hasSizeGreaterThan(2).allSatisfy(t -> assertThat(utf8(t)).isLessThanOrEqualTo(100));
            // 125 characters but 359 bytes: counted in characters it would take two requests, in bytes four or more.
            assertThat(utf8(TEXT)).isEqualTo(359);
            assertThat(sent).hasSizeGreaterThanOrEqualTo(4);
            assertThat(String.join("", sent).replace(" ", "")).isEqualTo(TEXT.replace(" ", ""));
            assertThat(sent).noneMatch(t -> t.startsWith("\u200D") || t.endsWith("\u200D"))
                    .noneMatch(t -> Character.isLowSurrogate(t.charAt(0)));
            // The stats see the whole line, once.
            assertThat(r.stats().get("google_tts").totalCharacters()).isEqualTo(TEXT.codePointCount(0, TEXT.length()));
        }
    }

    @Test
    void aStreamIsSpokenASentenceAtATimeEachCutToTheByteLimit() {
        ChunkedToneProvider google = bytesLimited(60);
        List<SpeechChunk> got = new ArrayList<>();
        try (VoiceRouter r = router(google)) {
            r.stream(SpeechRequest.of(TEXT, chain("google_tts")), got::add);
            List<String> sent = google.texts();
            assertThat(sent).allSatisfy(t -> assertThat(utf8(t)).isLessThanOrEqualTo(60));
            assertThat(sent.get(0)).isEqualTo("日本語の文章です。");
            assertThat(sent.get(sent.size() - 1)).isEqualTo("The end.");
            assertThat(String.join("", sent).replace(" ", "")).isEqualTo(TEXT.replace(" ", ""));
            assertThat(got).isNotEmpty();
        }
    }

    @Test
    void textThatFitsGoesWholeAsItWasGiven() {
        ChunkedToneProvider local = ChunkedToneProvider.of(ToneProvider.builder("piper").textLimit(TextLimit.characters(500)).build(),
                4000, Duration.ZERO);
        try (VoiceRouter r = router(local)) {
            r.synthesize(SpeechRequest.of(TEXT, chain("piper")));
            assertThat(local.texts()).containsExactly(TEXT);
        }
    }
}
