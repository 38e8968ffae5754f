package io.voicerouter.provider.piper;

import io.voicerouter.espeak.Phonemizer;
import io.voicerouter.spi.ProviderContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Finds voice-espeak's espeak-ng phonemizer through its static factory, without a compile-time
 * dependency on the implementation class: voice-espeak may ship the interface alone.
 */
final class PhonemizerLocator {
    static final String IMPLEMENTATION = "io.voicerouter.espeak.EspeakPhonemizer";

    private PhonemizerLocator() {
    }

    /**
     * The phonemizer, or empty with {@code why} filled in when the implementation is absent or
     * cannot start (no espeak-ng library, for instance).
     */
    static Optional<Phonemizer> find(ProviderContext context, StringBuilder why) {
        Class<?> type;
        try {
            type = Class.forName(IMPLEMENTATION, true, PhonemizerLocator.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            why.append(IMPLEMENTATION).append(" is not on the class path (add the voice-espeak module)");
            return Optional.empty();
        }
        Method[] candidates = Arrays.stream(type.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .filter(m -> Phonemizer.class.isAssignableFrom(m.getReturnType()))
                .filter(m -> m.getParameterCount() == 0
                        || m.getParameterCount() == 1 && m.getParameterTypes()[0] == ProviderContext.class)
                .sorted(Comparator.comparingInt(Method::getParameterCount).reversed())
                .toArray(Method[]::new);
        if (candidates.length == 0) {
            why.append(IMPLEMENTATION).append(" has no public static factory method returning a Phonemizer");
            return Optional.empty();
        }
        Method factory = candidates[0];
        try {
            Object made = factory.getParameterCount() == 0 ? factory.invoke(null) : factory.invoke(null, context);
            return Optional.of((Phonemizer) made);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            why.append("espeak-ng phonemizer failed to start: ").append(cause.getMessage());
            return Optional.empty();
        } catch (IllegalAccessException | RuntimeException | LinkageError e) {
            why.append("espeak-ng phonemizer failed to start: ").append(e);
            return Optional.empty();
        }
    }
}
