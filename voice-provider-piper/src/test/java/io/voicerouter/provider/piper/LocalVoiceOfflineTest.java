package io.voicerouter.provider.piper;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.config.VoiceConfigJson;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.SpeechResult;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.ProviderHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.voicerouter.provider.piper.ProbeVoices.K;
import static io.voicerouter.provider.piper.ProbeVoices.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A voice given as a local .onnx path on a host with no installed voices and no catalog (offline,
 * or the catalog cannot be fetched): the provider must not report itself DOWN, or the router skips
 * it and the voice that is on disk is never used.
 */
class LocalVoiceOfflineTest {
    @TempDir
    Path data;

    @Test
    void aLocalVoiceSpeaksWhenOffline() throws Exception {
        speaksThroughTheRouter(context().option("piper.offline", "true").build());
    }

    @Test
    void aLocalVoiceSpeaksWhenTheCatalogCannotBeFetched() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort + "/";
        speaksThroughTheRouter(context().option("piper.offline", "false")
                .option("piper.catalog_url", nowhere + "voices.json").option("piper.base_url", nowhere).build());
    }

    private ProviderContext.Builder context() {
        return ProviderContext.builder().dataDirectory(data).environment(Map.of())
                .option("piper.device", "cpu").option("piper.intra_op_threads", "1");
    }

    private void speaksThroughTheRouter(ProviderContext context) throws Exception {
        Path elsewhere = data.resolve("my-voices");
        ProbeVoices.install(elsewhere, TEXT);
        Files.createDirectories(data.resolve("piper")); // the voices folder exists and is empty
        Path onnx = elsewhere.resolve(TEXT + ".onnx");
        VoiceConfig personality = VoiceConfigJson.read("""
                {"active_provider": "piper",
                 "providers": {"piper": {"enabled": true, "voice_id": "%s",
                                         "settings": {"normalize": false, "sentence_silence": 0.0}}},
                 "fallback_chain": [], "languages": {"primary": "en"}}
                """.formatted(onnx.toString().replace("\\", "\\\\")));
        try (PiperProvider piper = (PiperProvider) new PiperProviderFactory().create(context);
             VoiceRouter router = VoiceRouter.builder().providers(List.of(piper)).build()) {
            router.initialize();
            ProviderHealth health = piper.health();
            assertThat(health.status()).isNotEqualTo(ProviderHealth.Status.DOWN);
            assertThat(health.detail()).contains("local .onnx");

            SpeechResult result = router.synthesize(SpeechRequest.of("ab", personality));
            assertThat(result.providerId()).isEqualTo("piper");
            assertThat(result.fellBack()).isFalse();
            assertThat(result.attempts()).singleElement().isInstanceOf(Attempt.Succeeded.class);
            // ^ _ a _ b _ $ with the probe's ids (a = 14, b = 15)
            assertThat(ProbeVoices.decode(result.audio(), K)).containsExactly(1L, 0L, 14L, 0L, 15L, 0L, 2L);
        }
    }
}
