package io.voicerouter.testing;

import io.voicerouter.spi.SettingSpec;
import io.voicerouter.spi.TtsProvider;

import java.util.List;

/** The contract suite run against the tone provider itself, so that the suite is tested too. */
class ToneProviderContractTest extends TtsProviderContract {
    @Override
    protected TtsProvider newProvider() {
        return ToneProvider.builder("tone").languages("en", "de")
                .settings(SettingSpec.number("speed", "speaking rate", 0.5, 2.0, 1.0),
                        SettingSpec.integer("seed", "sampling seed", 0, 1000, 0),
                        SettingSpec.bool("normalize", "normalize loudness", true),
                        SettingSpec.choice("style", "speaking style", List.of("calm", "bright"), "calm"),
                        SettingSpec.text("voice", "voice name", ""))
                .build();
    }
}
