package io.voicerouter.router;

import io.voicerouter.stats.JsonFileStatsStore;
import io.voicerouter.testing.ToneProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one short-lived process such as {@code voice say} does, {@code rounds} times: build a router
 * on the shared stats file, speak one line through a provider with a monthly quota, close.
 * Arguments: stats file, rounds.
 */
public final class SpeakAndExitMain {
    private SpeakAndExitMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        for (int i = 0; i < rounds; i++) {
            try (VoiceRouter router = VoiceRouter.builder()
                    .providers(List.of(ToneProvider.builder("google_tts").cloud("google_tts/standard", 1_000_000).build()))
                    .statsStore(new JsonFileStatsStore(file)).statsFlushInterval(Duration.ZERO).build()) {
                router.synthesize(SpeechRequest.of("Hello world", Configs.chain("google_tts")));
            }
        }
    }
}
