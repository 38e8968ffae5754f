package io.voicerouter.spi;

import java.util.Objects;

/**
 * A free-tier allowance that a request draws from, counted in billed characters per UTC calendar
 * month. {@code name} is unique across providers, e.g. {@code google_tts/standard},
 * {@code google_tts/wavenet_neural2}, {@code azure_tts/neural}, {@code ibm_watson/lite}. The router
 * skips the provider with {@code QUOTA_EXHAUSTED} once the month's count would pass the limit; hosts
 * may override {@code defaultCharactersPerMonth} per bucket name.
 */
public record QuotaBucket(String name, long defaultCharactersPerMonth) {
    public QuotaBucket {
        Objects.requireNonNull(name, "name");
        if (defaultCharactersPerMonth < 0) {
            throw new IllegalArgumentException("quota must not be negative");
        }
    }
}
