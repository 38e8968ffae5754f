package io.voicerouter.language;

import java.util.List;
import java.util.Objects;

/**
 * One row of the seed's language table: a normalized code, its English name and the provider ids
 * the seed lists for it, in the seed's order.
 */
public record Language(String code, String name, List<String> providers) {
    public Language {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        providers = List.copyOf(providers);
    }

    public boolean spokenBy(String providerId) {
        return providers.contains(providerId);
    }
}
