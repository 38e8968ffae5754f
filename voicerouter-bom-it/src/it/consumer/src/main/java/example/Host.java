package example;

import io.voicerouter.config.VoiceConfig;
import io.voicerouter.router.SpeechRequest;
import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderContext;

/** Compiles against the modules the BOM resolved: the API a host uses first. */
public final class Host {
    public static void main(String[] args) {
        try (VoiceRouter router = VoiceRouter.builder().discoverProviders(ProviderContext.defaults()).build()) {
            router.initialize();
            router.synthesize(SpeechRequest.of("Hello.", VoiceConfig.singleProvider("espeak")));
        }
    }
}
