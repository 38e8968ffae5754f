package io.voicerouter.testing;

import io.voicerouter.spi.TtsProvider;

import java.time.Duration;

/** The contract suite against the streaming test provider: its chunks must join to its whole audio. */
class ChunkedToneProviderContractTest extends TtsProviderContract {
    @Override
    protected TtsProvider newProvider() {
        return ChunkedToneProvider.of(ToneProvider.of("chunked"), 700, Duration.ZERO);
    }
}
