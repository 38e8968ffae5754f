package io.voicerouter.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A provider's own view of whether it can serve requests. {@code attributes} carries facts a host
 * may show, such as the inference device actually in use ({@code device=cuda:0}).
 */
public record ProviderHealth(Status status, String detail, Map<String, String> attributes) {
    public enum Status {
        /** Ready to serve. */
        UP,
        /** Serving, but with reduced ability (a fallback device, a partial voice list). */
        DEGRADED,
        /** Cannot serve: missing model, bad credentials, failed initialization. */
        DOWN,
        /** {@code initialize} has not finished yet. */
        NOT_INITIALIZED
    }

    public ProviderHealth {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        attributes = Map.copyOf(attributes);
    }

    public static ProviderHealth up() {
        return new ProviderHealth(Status.UP, "", Map.of());
    }

    public static ProviderHealth up(Map<String, String> attributes) {
        return new ProviderHealth(Status.UP, "", attributes);
    }

    public static ProviderHealth down(String detail) {
        return new ProviderHealth(Status.DOWN, detail, Map.of());
    }

    public static ProviderHealth notInitialized() {
        return new ProviderHealth(Status.NOT_INITIALIZED, "not initialized", Map.of());
    }

    public boolean isUsable() {
        return status == Status.UP || status == Status.DEGRADED;
    }
}
