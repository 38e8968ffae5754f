package io.voicerouter.provider.styletts2;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ONNX thread option: one name shared with the other local providers, and a bad value named as such. */
class StyleTts2OptionsTest {
    private static TtsProvider provider(String key, String value) {
        return new StyleTts2ProviderFactory((text, voice) -> List.of("hɛlˈoʊ.")).create(ProviderContext.builder()
                .option("styletts2.model_dir", TestData.path("probe").toString()).option(key, value).build());
    }

    @Test
    void aBadThreadCountIsMisconfiguredNamingTheOptionNotAGraphFailure() {
        try (TtsProvider p = provider("styletts2.threads", "many")) {
            p.initialize(); // remembers the failure; health and every call report it
            assertThat(p.health().status()).isEqualTo(ProviderHealth.Status.DOWN);
            assertThat(p.health().detail()).contains("styletts2.threads").doesNotContain("ONNX graphs");
            assertThatThrownBy(() -> p.synthesize(io.voicerouter.spi.SynthesisRequest.of("Hello.", "en",
                    io.voicerouter.config.ProviderConfig.enabledDefault().voice(), io.voicerouter.spi.Settings.resolve(
                            p.capabilities().settings(), java.util.Map.of("voice", "bm_probe")))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
                        assertThat(e.getMessage()).contains("styletts2.threads");
                    });
        }
    }

    @Test
    void theSharedIntraOpThreadsNameIsAccepted() {
        try (TtsProvider p = provider("styletts2.intra_op_threads", "1")) {
            p.initialize();
            assertThat(p.health().isUsable()).isTrue();
        }
    }
}
