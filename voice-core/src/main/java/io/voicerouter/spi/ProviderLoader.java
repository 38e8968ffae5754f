package io.voicerouter.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds {@link TtsProviderFactory} implementations through {@link ServiceLoader}: first with the
 * thread's context class loader (application servers and plugin hosts put providers there), then
 * with this library's own loader. The same factory class seen by both loaders counts once; two
 * different factories claiming one id is a {@link DuplicateProviderException}.
 */
public final class ProviderLoader {
    private ProviderLoader() {
    }

    /** Every installed factory, keyed by provider id, in discovery order. */
    public static Map<String, TtsProviderFactory> factories() {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        loaders.add(ProviderLoader.class.getClassLoader());
        Map<String, TtsProviderFactory> byId = new LinkedHashMap<>();
        Set<String> seenClasses = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            for (TtsProviderFactory factory : load(loader)) {
                if (!seenClasses.add(factory.getClass().getName())) {
                    continue;
                }
                TtsProviderFactory previous = byId.putIfAbsent(factory.providerId(), factory);
                if (previous != null) {
                    throw new DuplicateProviderException(factory.providerId(),
                            previous.getClass().getName(), factory.getClass().getName());
                }
            }
        }
        return byId;
    }

    /** Creates one provider from every installed factory. Nothing is initialized yet. */
    public static List<TtsProvider> createAll(ProviderContext context) {
        List<TtsProvider> providers = new ArrayList<>();
        for (TtsProviderFactory factory : factories().values()) {
            providers.add(factory.create(context));
        }
        return providers;
    }

    private static List<TtsProviderFactory> load(ClassLoader loader) {
        List<TtsProviderFactory> found = new ArrayList<>();
        try {
            ServiceLoader.load(TtsProviderFactory.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new io.voicerouter.error.VoiceException("Broken voice provider registration: " + e.getMessage(), e);
        }
        return found;
    }
}
