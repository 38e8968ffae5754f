package io.voicerouter.cache;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTest {
    private static CacheKey key(String text) {
        return new CacheKey(text, "en", "piper", "sha256:abc", "amy", Map.of("speed", 1.0), "pcm_f32@22050x1", 0);
    }

    @Test
    void normalizedCollapsesWhiteSpaceAndComposition() {
        CacheKey decomposed = key("  Cafe\u0301 \t au\n lait ");
        CacheKey composed = key("Caf\u00e9 au lait");
        assertThat(decomposed.normalized()).isEqualTo(composed);
        assertThat(decomposed.normalized().digest()).isEqualTo(composed.digest());
        assertThat(composed.normalized()).isSameAs(composed);
    }

    @Test
    void equalNumbersInDifferentTypesDigestAlike() {
        CacheKey asDouble = key("hi");
        CacheKey asInt = new CacheKey("hi", "en", "piper", "sha256:abc", "amy", Map.of("speed", 1), "pcm_f32@22050x1", 0);
        assertThat(asInt.digest()).isEqualTo(asDouble.digest());
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        CacheKey a = new CacheKey("ab", "c", "p", "m", "v", Map.of(), "f", 0);
        CacheKey b = new CacheKey("a", "bc", "p", "m", "v", Map.of(), "f", 0);
        assertThat(a.digest()).isNotEqualTo(b.digest());
    }
}
