package io.voicerouter.spring.boot;

import io.voicerouter.router.VoiceRouter;
import io.voicerouter.spi.ProviderHealth;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health of the router: UP while at least one provider can speak (a personality's chain can still
 * fall back to it), DOWN when none can. The details list each provider's own status and why it is
 * not up; never a credential.
 */
public class VoiceRouterHealthIndicator extends AbstractHealthIndicator {
    private final VoiceRouter router;

    public VoiceRouterHealthIndicator(VoiceRouter router) {
        super("voicerouter health check failed");
        this.router = router;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, ProviderHealth> health = router.health();
        boolean anyUp = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, ProviderHealth> e : health.entrySet()) {
            ProviderHealth h = e.getValue();
            anyUp |= h.status() == ProviderHealth.Status.UP || h.status() == ProviderHealth.Status.DEGRADED;
            details.put(e.getKey(), h.detail().isEmpty() ? h.status().name() : h.status() + ": " + h.detail());
        }
        (anyUp ? builder.up() : builder.down()).withDetails(details);
    }
}
