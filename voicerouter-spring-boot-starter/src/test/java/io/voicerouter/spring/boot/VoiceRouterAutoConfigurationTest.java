package io.voicerouter.spring.boot;

import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.WavCodec;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.springai.VoiceRouterSpeechModel;
import io.voicerouter.stats.micrometer.VoiceRouterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.audio.tts.TextToSpeechResponse;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-configuration in an application context, speaking through the real espeak provider. */
class VoiceRouterAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(VoiceRouterAutoConfiguration.class));

    @Test
    void withNoPropertiesTheModelSpeaksWavWithEspeak() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(TextToSpeechModel.class).hasSingleBean(VoiceRouter.class);
            TextToSpeechResponse r = ctx.getBean(TextToSpeechModel.class).call(new TextToSpeechPrompt("Hello from Spring."));
            DecodedWav wav = WavCodec.read(r.getResult().getOutput());
            assertThat(wav.audio().frames()).isGreaterThan(22050 / 2);
            assertThat((String) r.getMetadata().get("provider")).isEqualTo("espeak");
        });
    }

    @Test
    void propertiesReachTheModelAndTheRouter(@TempDir Path dir) throws Exception {
        Path clerk = dir.resolve("clerk.json");
        Files.writeString(clerk, """
                {"active_provider": "espeak",
                 "providers": {"espeak": {"enabled": true, "voice_id": "en-gb", "settings": {"rate": 200}}},
                 "fallback_chain": ["espeak"]}
                """);
        Path stats = dir.resolve("stats.json");
        runner.withPropertyValues(
                        "spring.ai.voicerouter.voices.clerk=" + clerk,
                        "spring.ai.voicerouter.speech.voice=clerk",
                        "spring.ai.voicerouter.speech.format=pcm",
                        "spring.ai.voicerouter.timeout=15s",
                        "spring.ai.voicerouter.cache.enabled=false",
                        "spring.ai.voicerouter.stats-file=" + stats)
                .run(ctx -> {
                    TextToSpeechModel model = ctx.getBean(TextToSpeechModel.class);
                    assertThat(model.getDefaultOptions().getFormat()).isEqualTo("pcm");
                    TextToSpeechResponse r = model.call(new TextToSpeechPrompt("Good morning."));
                    byte[] pcm = r.getResult().getOutput();
                    assertThat(new String(pcm, 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo("RIFF");
                    assertThat(pcm.length % 2).isZero();
                    assertThat(pcm.length / 2).isGreaterThan(22050 / 3);
                    @SuppressWarnings("unchecked")
                    List<String> attempts = (List<String>) r.getMetadata().get("attempts");
                    assertThat(attempts).hasSize(1);

                    TextToSpeechResponse again = model.call(new TextToSpeechPrompt("Good morning.",
                            TextToSpeechOptions.builder().format("wav").speed(1.5).build()));
                    assertThat(WavCodec.read(again.getResult().getOutput()).audio().frames()).isLessThan(pcm.length / 2);
                    ctx.getBean(VoiceRouter.class).flushStats();
                });
        assertThat(Files.readString(stats)).contains("espeak");
    }

    @Test
    void healthIsUpWithEspeakAndTheMetricsBinderIsRegistered() {
        runner.run(ctx -> {
            Health health = ctx.getBean(VoiceRouterHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKey("espeak");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(VoiceRouterMetrics.class).bindTo(registry);
            ctx.getBean(TextToSpeechModel.class).call("Count me.");
            assertThat(registry.getMeters()).isNotEmpty();
        });
    }

    @Test
    void withAnObservationRegistryEachRequestIsObserved() {
        io.micrometer.observation.ObservationRegistry registry = io.micrometer.observation.ObservationRegistry.create();
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
            @Override
            public void onStop(io.micrometer.observation.Observation.Context context) {
                stopped.add(context.getName());
            }

            @Override
            public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
                return true;
            }
        });
        runner.withBean(io.micrometer.observation.ObservationRegistry.class, () -> registry).run(ctx -> {
            ctx.getBean(TextToSpeechModel.class).call("Traced.");
            assertThat(stopped).containsExactly("voicerouter.attempt", "voicerouter.request");
        });
    }

    @Test
    void anotherSelectedSpeechModelTurnsThisOneOff() {
        runner.withPropertyValues("spring.ai.model.audio.speech=openai")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(TextToSpeechModel.class).doesNotHaveBean(VoiceRouter.class));
        runner.withPropertyValues("spring.ai.model.audio.speech=voicerouter")
                .run(ctx -> assertThat(ctx).hasSingleBean(VoiceRouterSpeechModel.class));
    }

    @Test
    void aBadFormatFailsTheContextWithTheReason() {
        runner.withPropertyValues("spring.ai.voicerouter.speech.format=ogg-vorbis")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("ogg-vorbis"));
    }
}
