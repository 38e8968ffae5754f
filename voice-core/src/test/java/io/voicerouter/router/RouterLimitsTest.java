package io.voicerouter.router;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.InvalidRequestException;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static io.voicerouter.router.Configs.chain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the router refuses before any provider runs (text over its size limit, blank text, a timeout
 * that is not positive), and JVM errors, which are not a provider's failure: 1 MB of text ran
 * espeak out of heap and the router took the OutOfMemoryError for a transient failure, opening
 * espeak's breaker for every caller.
 */
class RouterLimitsTest {
    private final VoiceConfig config = chain("xtts_v2", "piper");

    private static ScriptedProvider scripted(String id) {
        return ScriptedProvider.of(ToneProvider.of(id));
    }

    private static VoiceRouter router(List<ScriptedProvider> providers, int maxText) {
        return VoiceRouter.builder().providers(providers).maxTextLength(maxText)
                .statsFlushInterval(Duration.ZERO).build();
    }

    @Test
    void textOverTheLimitIsRefusedUpFrontWithoutCallingAnyProvider() throws Exception {
        ScriptedProvider xtts = scripted("xtts_v2");
        try (VoiceRouter r = VoiceRouter.builder().providers(List.of(xtts)).statsFlushInterval(Duration.ZERO).build()) {
            assertThat(r.maxTextLength()).isEqualTo(VoiceRouterBuilder.DEFAULT_MAX_TEXT_LENGTH).isEqualTo(10_000);
            String tooLong = "a".repeat(10_001);
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.of(tooLong, config)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("10001 characters").hasMessageContaining("at most 10000");
            assertThatThrownBy(() -> r.synthesizeAsync(SpeechRequest.of(tooLong, config)))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(xtts.calls()).isZero();
            assertThat(r.synthesize(SpeechRequest.of("a".repeat(10_000), config)).providerId()).isEqualTo("xtts_v2");
        }
    }

    @Test
    void theLimitIsConfigurableAndCountsCodePoints() {
        ScriptedProvider xtts = scripted("xtts_v2");
        try (VoiceRouter r = router(List.of(xtts), 3)) {
            // Three emoji are six UTF-16 chars but three characters.
            assertThat(r.synthesize(SpeechRequest.of("😀😀😀", config)).providerId()).isEqualTo("xtts_v2");
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.of("abcd", config)))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> VoiceRouter.builder().maxTextLength(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void blankTextAndNonPositiveTimeoutsAreTypedErrors() {
        assertThatThrownBy(() -> SpeechRequest.of("  \n", config)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> SpeechRequest.builder("Hi", config).timeout(Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> SpeechRequest.builder("Hi", config).timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void outOfMemoryIsRethrownNotRetriedAndOpensNoBreakerNorFallsBack() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        ScriptedProvider xtts = scripted("xtts_v2").thenThrowError(oom);
        ScriptedProvider piper = scripted("piper");
        try (VoiceRouter r = router(List.of(xtts, piper), 10_000)) {
            assertThatThrownBy(() -> r.synthesize(SpeechRequest.of("Hello", config))).isSameAs(oom);
            assertThat(xtts.calls()).isEqualTo(1);
            assertThat(piper.calls()).isZero();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(r.stats().get("xtts_v2").failures()).isZero();
            // The provider is not cooling down: the next request goes to it.
            assertThat(r.synthesize(SpeechRequest.of("Hello", config)).providerId()).isEqualTo("xtts_v2");
        }
    }

    @Test
    void stackOverflowOnTheAsyncPathCompletesTheFutureWithTheErrorAndOpensNoBreaker() throws Exception {
        StackOverflowError soe = new StackOverflowError();
        ScriptedProvider xtts = scripted("xtts_v2").thenThrowError(soe);
        ScriptedProvider piper = scripted("piper");
        try (VoiceRouter r = router(List.of(xtts, piper), 10_000)) {
            CompletableFuture<SpeechResult> f = r.synthesizeAsync(SpeechRequest.of("Hello", config));
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCause(soe);
            assertThat(piper.calls()).isZero();
            assertThat(r.health().get("xtts_v2").attributes()).containsEntry("circuit", "closed");
            assertThat(r.synthesizeAsync(SpeechRequest.of("Hello", config)).get().providerId()).isEqualTo("xtts_v2");
        }
    }
}
