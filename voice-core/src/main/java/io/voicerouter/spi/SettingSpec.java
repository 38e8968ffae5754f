package io.voicerouter.spi;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a provider's settings schema: enough for a host UI to draw the control (slider,
 * number box, switch, drop-down, text field) and for validation to reject a bad value.
 * A closed set: hosts can switch over every kind.
 */
public sealed interface SettingSpec {
    String name();

    String description();

    /** "number", "integer", "boolean", "choice" or "text": the JSON schema-ish type name. */
    String type();

    /** The value used when a personality's config does not set this setting. */
    Object defaultValue();

    /** A human-readable problem with {@code value}, or empty when the value is acceptable. */
    Optional<String> check(Object value);

    /** Converts an accepted JSON value (Number, Boolean, String) to this setting's Java type. */
    Object coerce(Object value);

    static NumberSetting number(String name, String description, double min, double max, double defaultValue) {
        return new NumberSetting(name, description, min, max, defaultValue);
    }

    static IntegerSetting integer(String name, String description, long min, long max, long defaultValue) {
        return new IntegerSetting(name, description, min, max, defaultValue);
    }

    static BooleanSetting bool(String name, String description, boolean defaultValue) {
        return new BooleanSetting(name, description, defaultValue);
    }

    static ChoiceSetting choice(String name, String description, List<String> choices, String defaultValue) {
        return new ChoiceSetting(name, description, choices, defaultValue);
    }

    static TextSetting text(String name, String description, String defaultValue) {
        return new TextSetting(name, description, defaultValue);
    }

    /** A real number in the closed range [min, max]. */
    record NumberSetting(String name, String description, double min, double max, Double defaultValue)
            implements SettingSpec {
        public NumberSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
            if (!(min <= defaultValue && defaultValue <= max)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
            }
        }

        @Override
        public String type() {
            return "number";
        }

        @Override
        public Optional<String> check(Object value) {
            Optional<java.math.BigDecimal> exact = ExactNumbers.exact(value);
            if (exact.isEmpty()) {
                return Optional.of(name + " must be a finite number, got " + ExactNumbers.describe(value));
            }
            if (!ExactNumbers.inRange(exact.get(), min, max)) {
                return Optional.of(String.format(Locale.ROOT, "%s must be between %s and %s, got %s",
                        name, Checks.num(min), Checks.num(max), ExactNumbers.describe(value)));
            }
            return Optional.empty();
        }

        @Override
        public Object coerce(Object value) {
            return ExactNumbers.exact(value).orElseThrow().doubleValue();
        }
    }

    /** A whole number in the closed range [min, max]. */
    record IntegerSetting(String name, String description, long min, long max, Long defaultValue)
            implements SettingSpec {
        public IntegerSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
            if (!(min <= defaultValue && defaultValue <= max)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
            }
        }

        @Override
        public String type() {
            return "integer";
        }

        @Override
        public Optional<String> check(Object value) {
            Optional<java.math.BigDecimal> exact = ExactNumbers.exact(value);
            if (exact.isEmpty() || !ExactNumbers.isWhole(exact.get())) {
                return Optional.of(name + " must be a whole number, got " + ExactNumbers.describe(value));
            }
            if (!ExactNumbers.inRange(exact.get(), min, max)) {
                return Optional.of(name + " must be between " + min + " and " + max + ", got "
                        + ExactNumbers.describe(value));
            }
            return Optional.empty();
        }

        @Override
        public Object coerce(Object value) {
            return ExactNumbers.exact(value).orElseThrow().longValueExact();
        }
    }

    /** On or off. */
    record BooleanSetting(String name, String description, Boolean defaultValue) implements SettingSpec {
        public BooleanSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }

        @Override
        public String type() {
            return "boolean";
        }

        @Override
        public Optional<String> check(Object value) {
            return value instanceof Boolean ? Optional.empty()
                    : Optional.of(name + " must be true or false, got " + ExactNumbers.describe(value));
        }

        @Override
        public Object coerce(Object value) {
            return value;
        }
    }

    /** One of a fixed list of strings. */
    record ChoiceSetting(String name, String description, List<String> choices, String defaultValue)
            implements SettingSpec {
        public ChoiceSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            choices = List.copyOf(choices);
            if (!choices.contains(defaultValue)) {
                throw new IllegalArgumentException(name + ": default " + defaultValue + " not in " + choices);
            }
        }

        @Override
        public String type() {
            return "choice";
        }

        @Override
        public Optional<String> check(Object value) {
            return value instanceof String s && choices.contains(s) ? Optional.empty()
                    : Optional.of(name + " must be one of " + choices + ", got " + ExactNumbers.describe(value));
        }

        @Override
        public Object coerce(Object value) {
            return value;
        }
    }

    /**
     * Free text (a voice name, a path, a style). An empty default means "not set". Numbers are accepted
     * and kept as their text, so a setting such as Piper's {@code speaker_id} can take 0 or "p225".
     */
    record TextSetting(String name, String description, String defaultValue) implements SettingSpec {
        public TextSetting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }

        @Override
        public String type() {
            return "text";
        }

        @Override
        public Optional<String> check(Object value) {
            return value instanceof String || value instanceof Number ? Optional.empty()
                    : Optional.of(name + " must be text, got " + ExactNumbers.describe(value));
        }

        @Override
        public Object coerce(Object value) {
            Optional<java.math.BigDecimal> exact = ExactNumbers.exact(value);
            if (exact.isPresent() && ExactNumbers.isWhole(exact.get())) {
                // 7 and 7.0 are "7"; an exact integer's text, never a wrapped long (a huge one is its digits).
                java.math.BigDecimal v = exact.get();
                return v.scale() <= 0 && v.precision() - v.scale() > 64 ? v.toString()
                        : v.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString();
            }
            return value.toString();
        }
    }
}
