package io.voicerouter.espeak;

import io.voicerouter.config.ProviderConfig;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.Settings;
import io.voicerouter.spi.SynthesisRequest;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Child-process entry of {@link EspeakVoiceNameTest}: hands each argument to espeak-ng as a voice
 * (as the {@code voice} setting, as {@code voice_id} and to the phonemizer) in a JVM of its own, so
 * a name that overflowed libespeak-ng's buffers (it used to abort the process) cannot take the test
 * JVM with it. Prints one line per try: {@code ok} or the exception's type and kind.
 */
public final class VoiceNameMain {
    private VoiceNameMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EspeakProvider provider = new EspeakProvider(ProviderContext.defaults());
        provider.initialize();
        EspeakPhonemizer phonemizer = EspeakPhonemizer.load();
        for (String voice : args) {
            out.println("setting " + attempt(() -> provider.synthesize(SynthesisRequest.of("Hello.", "en",
                    ProviderConfig.enabledDefault().voice(), Settings.resolve(provider.capabilities().settings(),
                            Map.of("voice", voice))))));
            out.println("voice_id " + attempt(() -> provider.synthesize(SynthesisRequest.of("Hello.", "en",
                    ProviderConfig.enabledDefault().withVoiceId(voice).voice(),
                    Settings.resolve(provider.capabilities().settings(), Map.of())))));
            out.println("phonemizer " + attempt(() -> phonemizer.phonemize("Hello.", voice)));
        }
        out.println("done");
    }

    private static String attempt(Runnable r) {
        try {
            r.run();
            return "ok";
        } catch (ProviderException e) {
            return "ProviderException " + e.kind();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
