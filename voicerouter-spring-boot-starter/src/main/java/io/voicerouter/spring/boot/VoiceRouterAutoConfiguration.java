package io.voicerouter.spring.boot;

import io.voicerouter.cache.TieredSynthesisCache;
import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.router.VoiceRouterBuilder;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.springai.VoiceRouterSpeechModel;
import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.stats.micrometer.VoiceRouterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.voicerouter.router.RouterObserver;
import io.voicerouter.stats.micrometer.RouterObservations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.ai.audio.tts.TextToSpeechModel;
import org.springframework.ai.audio.tts.TextToSpeechOptions;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the voicerouter router Spring AI's text-to-speech model. Selected as Spring AI selects its
 * own providers: {@code spring.ai.model.audio.speech=voicerouter}, or by default when the property is
 * not set. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({VoiceRouter.class, TextToSpeechModel.class})
@ConditionalOnProperty(name = VoiceRouterAutoConfiguration.SELECTOR, havingValue = "voicerouter", matchIfMissing = true)
@EnableConfigurationProperties(VoiceRouterProperties.class)
public class VoiceRouterAutoConfiguration {
    /** Spring AI's property that picks the speech model among the starters present. */
    public static final String SELECTOR = "spring.ai.model.audio.speech";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VoiceRouter voiceRouter(VoiceRouterProperties props, ObjectProvider<RouterObserver> observer) {
        ProviderContext.Builder context = ProviderContext.builder().options(props.getProviderOptions());
        if (props.getDataDirectory() != null) {
            context.dataDirectory(props.getDataDirectory());
        }
        VoiceRouterBuilder b = VoiceRouter.builder().discoverProviders(context.build());
        if (props.getCache().isEnabled()) {
            TieredSynthesisCache.Builder cache = TieredSynthesisCache.builder()
                    .maximumMemoryBytes(props.getCache().getMaximumMemoryBytes());
            if (props.getCache().getDirectory() != null) {
                cache.diskDirectory(props.getCache().getDirectory());
            }
            b.cache(cache.build());
        }
        if (props.getStatsFile() != null) {
            b.statsStore(new JsonFileStatsStore(props.getStatsFile()));
        }
        props.getQuotas().forEach(b::quota);
        observer.ifAvailable(b::observer);
        VoiceRouter router = b.build();
        router.initialize();
        return router;
    }

    @Bean
    @ConditionalOnMissingBean(TextToSpeechModel.class)
    public VoiceRouterSpeechModel voiceRouterSpeechModel(VoiceRouter router, VoiceRouterProperties props) {
        VoiceRouterSpeechModel.Builder b = VoiceRouterSpeechModel.builder().router(router)
                .defaultVoice(read(props.getVoiceConfig()))
                .timeout(props.getTimeout());
        for (Map.Entry<String, Path> e : props.getVoices().entrySet()) {
            b.voice(e.getKey(), VoiceConfigJson.read(e.getValue()));
        }
        if (props.getLanguage() != null) {
            b.language(props.getLanguage());
        }
        VoiceRouterProperties.Speech s = props.getSpeech();
        b.defaultOptions(TextToSpeechOptions.builder().model(s.getModel()).voice(s.getVoice())
                .format(s.getFormat()).speed(s.getSpeed()).build());
        return b.build();
    }

    private static VoiceConfig read(Path file) {
        return file == null ? VoiceConfig.singleProvider("espeak") : VoiceConfigJson.read(file);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "voiceRouterHealthIndicator")
        VoiceRouterHealthIndicator voiceRouterHealthIndicator(VoiceRouter router) {
            return new VoiceRouterHealthIndicator(router);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    static class Observations {
        /** Spans per request and per provider turn, when the application has an ObservationRegistry. */
        @Bean
        @ConditionalOnMissingBean(RouterObserver.class)
        @ConditionalOnBean(ObservationRegistry.class)
        RouterObservations voiceRouterObservations(ObservationRegistry registry) {
            return new RouterObservations(registry);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        /** A MeterBinder bean: Spring Boot binds it to every registry it configures. */
        @Bean
        @ConditionalOnMissingBean
        VoiceRouterMetrics voiceRouterMetrics(VoiceRouter router) {
            return new VoiceRouterMetrics(router::stats,
                    router.providers().stream().map(ProviderCapabilities::id).toList());
        }
    }
}
