package io.voicerouter.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

final class ConfigMaps {
    private ConfigMaps() {
    }

    /** An unmodifiable copy that keeps insertion order (JSON field order survives a round trip). */
    static <V> Map<String, V> copy(Map<String, ? extends V> in) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }
}
