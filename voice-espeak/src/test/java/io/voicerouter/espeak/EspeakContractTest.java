package io.voicerouter.espeak;

import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import io.voicerouter.testing.TtsProviderContract;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The provider contract with the real espeak-ng engine. Needs libespeak-ng1. */
class EspeakContractTest extends TtsProviderContract {
    @BeforeAll
    static void needsEspeak() {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
    }

    /** espeak-ng varies a few samples from call to call (its own random pitch flutter), so audio is compared only within a call. */
    @Override
    protected boolean deterministic() {
        return false;
    }

    @Override
    protected TtsProvider newProvider() {
        return new EspeakProvider(ProviderContext.defaults());
    }
}
