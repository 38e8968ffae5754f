package io.voicerouter.stats.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.voicerouter.config.ProviderConfig;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.router.AllProvidersFailedException;
import io.voicerouter.router.RouterObserver;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.testing.ScriptedProvider;
import io.voicerouter.testing.ToneProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A span per request and one per provider turn, through a real registry and handler. */
class RouterObservationsTest {
    private static final String SECRET_TEXT = "my card number is 4111 1111 1111 1111";

    /** Records every observation that stops, with its parent's name and its key values. */
    static final class Recorder implements ObservationHandler<Observation.Context> {
        record Stopped(String name, String parent, Map<String, String> tags, Throwable error) {
        }

        final List<Stopped> stopped = new ArrayList<>();

        @Override
        public synchronized void onStop(Observation.Context context) {
            Map<String, String> tags = new TreeMap<>();
            for (KeyValue kv : context.getAllKeyValues()) {
                tags.put(kv.getKey(), kv.getValue());
            }
            String parent = context.getParentObservation() == null ? null
                    : context.getParentObservation().getContextView().getName();
            stopped.add(new Stopped(context.getName(), parent, tags, context.getError()));
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }

    private static VoiceConfig piperThenGoogle() {
        return VoiceConfig.singleProvider("piper")
                .withProvider("google_tts", ProviderConfig.enabledDefault())
                .withFallbackChain(List.of("piper", "google_tts"));
    }

    @Test
    void aFallbackIsARequestSpanWithOneChildPerProviderAndBoundedTags() {
        Recorder recorder = new Recorder();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder);
        ScriptedProvider piper = ScriptedProvider.of(ToneProvider.of("piper")).otherwise(ErrorKind.MODEL_MISSING);
        try (VoiceRouter router = VoiceRouter.builder()
                .providers(List.of(piper, ToneProvider.of("google_tts")))
                .observer(new RouterObservations(registry)).statsFlushInterval(Duration.ZERO).build()) {
            router.synthesize(SpeechRequest.builder(SECRET_TEXT, piperThenGoogle()).language("en-US")
                    .personality("shop-assistant-42").build());
        }

        assertThat(recorder.stopped).extracting(Recorder.Stopped::name)
                .containsExactly(RouterObservations.ATTEMPT, RouterObservations.ATTEMPT, RouterObservations.REQUEST);
        Recorder.Stopped piperTurn = recorder.stopped.get(0);
        assertThat(piperTurn.parent()).isEqualTo(RouterObservations.REQUEST);
        assertThat(piperTurn.tags()).containsEntry("provider", "piper").containsEntry("outcome", "failed")
                .containsEntry("reason", "MODEL_MISSING");
        assertThat(recorder.stopped.get(1).tags()).containsEntry("provider", "google_tts")
                .containsEntry("outcome", "succeeded");
        assertThat(recorder.stopped.get(2).tags()).containsEntry("outcome", "success")
                .containsEntry("provider", "google_tts").containsEntry("fallback", "true")
                .containsEntry("language", "en").containsEntry("streaming", "false");
        assertThat(recorder.stopped).allSatisfy(s -> assertThat(s.tags().toString())
                .doesNotContain("4111").doesNotContain("shop-assistant-42"));
    }

    @Test
    void aFailedRequestCarriesOnlyTheFailuresTypeAndALanguageOutsideTheTableIsOther() {
        Recorder recorder = new Recorder();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(recorder);
        ScriptedProvider piper = ScriptedProvider.of(ToneProvider.of("piper")).otherwise(ErrorKind.AUTHENTICATION);
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(piper))
                .observer(new RouterObservations(registry)).statsFlushInterval(Duration.ZERO).build()) {
            assertThatThrownBy(() -> router.synthesize(SpeechRequest.builder(SECRET_TEXT,
                    VoiceConfig.singleProvider("piper")).language("tlh").build()))
                    .isInstanceOf(AllProvidersFailedException.class);
        }

        Recorder.Stopped request = recorder.stopped.get(recorder.stopped.size() - 1);
        assertThat(request.tags()).containsEntry("outcome", "all_failed").containsEntry("language", "other");
        assertThat(request.error()).hasMessage("AllProvidersFailedException").hasNoCause();
    }

    @Test
    void anObserverThatThrowsNeverFailsTheRequest() {
        RouterObserver broken = start -> {
            throw new IllegalStateException("observer bug");
        };
        try (VoiceRouter router = VoiceRouter.builder().providers(List.of(ToneProvider.of("piper")))
                .observer(broken).statsFlushInterval(Duration.ZERO).build()) {
            assertThat(router.synthesize(SpeechRequest.of("Hello.", VoiceConfig.singleProvider("piper")))
                    .providerId()).isEqualTo("piper");
        }
    }
}
