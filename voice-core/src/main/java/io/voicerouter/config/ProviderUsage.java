package io.voicerouter.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code voice_config.stats}, in the seed's shape. {@code avgLatencyMs} is the seed's
 * exponentially weighted moving average (alpha 0.1) of successful requests.
 */
public record ProviderUsage(long totalGenerations,
                            long totalCharacters,
                            double avgLatencyMs,
                            long failures,
                            Optional<Instant> lastUsed,
                            Map<String, Object> extra) {
    public ProviderUsage {
        Objects.requireNonNull(lastUsed, "lastUsed");
        extra = ConfigMaps.copy(extra);
    }
}
