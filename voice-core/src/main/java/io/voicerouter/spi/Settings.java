package io.voicerouter.spi;

import io.voicerouter.error.InvalidSettingException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A provider's settings for one request: the schema's defaults overlaid with what the personality's
 * config sets, each value checked against its {@link SettingSpec}. Immutable and thread-safe.
 * Keys the schema does not know are kept (a provider may read aliases such as StyleTTS2's
 * {@code temperature}) but never checked here; {@code VoiceConfigValidator} reports them.
 */
public final class Settings {
    private static final Settings EMPTY = new Settings(Map.of(), java.util.Set.of());

    private final Map<String, Object> values;
    /** The names the personality's config gave a value, as opposed to schema defaults. */
    private final java.util.Set<String> given;

    private Settings(Map<String, Object> values, java.util.Set<String> given) {
        this.values = values;
        this.given = given;
    }

    public static Settings empty() {
        return EMPTY;
    }

    /**
     * Resolves {@code given} against {@code schema}.
     *
     * @throws InvalidSettingException naming every setting that is out of range or of the wrong type
     */
    public static Settings resolve(List<SettingSpec> schema, Map<String, ?> given) {
        Map<String, Object> out = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String firstBad = null;
        for (SettingSpec spec : schema) {
            Object value = given.get(spec.name());
            if (value == null) {
                out.put(spec.name(), spec.defaultValue());
                continue;
            }
            Optional<String> problem = spec.check(value);
            if (problem.isPresent()) {
                problems.add(problem.get());
                firstBad = firstBad == null ? spec.name() : firstBad;
            } else {
                out.put(spec.name(), spec.coerce(value));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(firstBad, String.join("; ", problems));
        }
        for (Map.Entry<String, ?> e : given.entrySet()) {
            if (e.getValue() != null) {
                out.putIfAbsent(e.getKey(), e.getValue());
            }
        }
        java.util.Set<String> set = new java.util.TreeSet<>();
        given.forEach((k, v) -> {
            if (v != null) {
                set.add(k);
            }
        });
        return new Settings(Collections.unmodifiableMap(out), Collections.unmodifiableSet(set));
    }

    /**
     * Whether the personality's config set {@code name} itself, rather than the value being the
     * schema's default: for a provider that lets an explicit choice win over a derived one.
     */
    public boolean isSet(String name) {
        return given.contains(name);
    }

    /**
     * The setting as a double: a number, or a number's text ({@code "0.5"}) for a value outside the
     * schema; the one way settings' numbers are read.
     *
     * @throws InvalidSettingException naming the setting when it is not a finite number a double can
     *                                 hold ({@code "fast"}, NaN, {@code 1e400}: never silently infinite or 0)
     * @throws IllegalArgumentException when there is no such setting (not in the schema, not given)
     */
    public double number(String name) {
        Object v = require(name);
        double d = exact(v).map(java.math.BigDecimal::doubleValue).orElse(Double.NaN);
        if (!Double.isFinite(d)) {
            throw new InvalidSettingException(name, name + " must be a finite number, got " + ExactNumbers.describe(v));
        }
        return d;
    }

    /** {@link #number(String)}, or {@code ifAbsent} when nothing (no default, no value) is there. */
    public double number(String name, double ifAbsent) {
        return has(name) ? number(name) : ifAbsent;
    }

    /**
     * The setting as a long, exactly (a number or its text).
     *
     * @throws InvalidSettingException naming the setting when it is not a whole number a long can hold; never wraps
     * @throws IllegalArgumentException when there is no such setting
     */
    public long integer(String name) {
        return integer(name, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * The setting as a long from {@code min} to {@code max}, exactly: for a value the schema did not
     * check (a provider called with settings resolved against another schema).
     *
     * @throws InvalidSettingException naming the setting and the range for anything else
     * @throws IllegalArgumentException when there is no such setting
     */
    public long integer(String name, long min, long max) {
        Object v = require(name);
        java.math.BigDecimal exact = exact(v).filter(ExactNumbers::isWhole)
                .filter(b -> ExactNumbers.inRange(b, min, max))
                .orElseThrow(() -> new InvalidSettingException(name, name + " must be a whole number from "
                        + min + " to " + max + ", got " + ExactNumbers.describe(v)));
        return exact.longValueExact();
    }

    /** {@link #integer(String)}, or {@code ifAbsent} when nothing is there. */
    public long integer(String name, long ifAbsent) {
        return has(name) ? integer(name) : ifAbsent;
    }

    /** A number, or a number's text; NaN and infinities (as numbers or spelled out) are not. */
    private static Optional<java.math.BigDecimal> exact(Object v) {
        if (v instanceof String text) {
            try {
                return Optional.of(new java.math.BigDecimal(text.strip())); // refuses "NaN" and "Infinity"
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return ExactNumbers.exact(v);
    }

    /**
     * The setting as a boolean: a JSON boolean, or the text {@code true} or {@code false} (any case)
     * for a value outside the schema; the one way settings' booleans are read.
     *
     * @throws InvalidSettingException naming the setting for anything else (a typo is never a silent false)
     */
    public boolean bool(String name) {
        Object v = require(name);
        if (v instanceof Boolean b) {
            return b;
        }
        String text = v.toString().strip();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidSettingException(name, name + " must be true or false, got " + ExactNumbers.describe(v));
    }

    /** {@link #bool(String)}, or {@code ifAbsent} when nothing is there. */
    public boolean bool(String name, boolean ifAbsent) {
        return has(name) ? bool(name) : ifAbsent;
    }

    public String text(String name) {
        return require(name).toString();
    }

    /** The setting as text, or {@code ifAbsent} when nothing is there. */
    public String text(String name, String ifAbsent) {
        return has(name) ? text(name) : ifAbsent;
    }

    /** The value as given or defaulted, when there is one. */
    public Optional<Object> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value, sorted by name: stable input for cache keys. */
    public Map<String, Object> asMap() {
        return values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no setting '" + name + "' in this provider's schema");
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Settings" + values;
    }
}
