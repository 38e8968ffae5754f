package io.voicerouter.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Numbers from JSON settings, read exactly. A config may hold {@code 18446744073709551666} (a
 * {@link BigInteger}, whose {@code longValue()} wraps to 50), {@code 1e400} (a {@link BigDecimal},
 * whose {@code longValue()} is 0 and {@code doubleValue()} infinite) or, from a host's own map, a
 * NaN or infinite double. Range checks compare the exact value, and messages show it as given.
 * Stateless.
 */
public final class ExactNumbers {
    private ExactNumbers() {
    }

    /** The exact value of {@code value}; empty when it is not a number or not finite (NaN, infinities). */
    public static Optional<BigDecimal> exact(Object value) {
        if (value instanceof BigDecimal b) {
            return Optional.of(b);
        }
        if (value instanceof BigInteger b) {
            return Optional.of(new BigDecimal(b));
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof AtomicLong || value instanceof AtomicInteger) {
            return Optional.of(BigDecimal.valueOf(((Number) value).longValue()));
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // Float's own text (0.1f is "0.1"), not the binary value widened to double.
            return Double.isFinite(d) ? Optional.of(new BigDecimal(value.toString())) : Optional.empty();
        }
        if (value instanceof Number n) {
            try {
                return Optional.of(new BigDecimal(n.toString()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether {@code v} is a whole number ({@code 3}, {@code 3.0}, {@code 3e2}). */
    public static boolean isWhole(BigDecimal v) {
        return v.signum() == 0 || v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0;
    }

    /** Whether {@code min <= v <= max}, compared exactly. */
    public static boolean inRange(BigDecimal v, double min, double max) {
        boolean aboveMin = min == Double.NEGATIVE_INFINITY || (!Double.isNaN(min) && !Double.isInfinite(min)
                && v.compareTo(new BigDecimal(min)) >= 0);
        boolean belowMax = max == Double.POSITIVE_INFINITY || (!Double.isNaN(max) && !Double.isInfinite(max)
                && v.compareTo(new BigDecimal(max)) <= 0);
        return aboveMin && belowMax;
    }

    /** Whether {@code min <= v <= max}, compared exactly. */
    public static boolean inRange(BigDecimal v, long min, long max) {
        return v.compareTo(BigDecimal.valueOf(min)) >= 0 && v.compareTo(BigDecimal.valueOf(max)) <= 0;
    }

    /**
     * {@code value} as a message shows it: as given ({@code 18446744073709551666}, {@code 1E+400},
     * {@code NaN}), cut short when a config holds a thousand digits.
     */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return "\"" + (s.length() <= 64 ? s : s.substring(0, 60) + "...") + "\"";
        }
        String text = value.toString();
        return text.length() <= 64 ? text : text.substring(0, 30) + "..." + text.substring(text.length() - 20)
                + " (" + text.length() + " characters)";
    }
}
