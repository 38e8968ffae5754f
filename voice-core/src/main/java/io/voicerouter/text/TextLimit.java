package io.voicerouter.text;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.util.Objects;

/**
 * The most text one request to an engine or service takes, in the unit the engine or service
 * counts it: Google and IBM count UTF-8 bytes of (escaped) input, Azure and the local engines
 * characters. The router cuts longer text with {@link TextSegmenter} so that every piece fits.
 *
 * @param max  the limit, positive
 * @param unit what {@code max} counts
 */
public record TextLimit(int max, TextUnit unit) {
    public TextLimit {
        Objects.requireNonNull(unit, "unit");
        if (max <= 0) {
            throw new IllegalArgumentException("a text limit must be positive: " + max);
        }
    }

    /** At most {@code max} Unicode code points. */
    public static TextLimit characters(int max) {
        return new TextLimit(max, TextUnit.CHARACTERS);
    }

    /** At most {@code max} bytes of UTF-8. */
    public static TextLimit utf8Bytes(int max) {
        return new TextLimit(max, TextUnit.UTF8_BYTES);
    }

    /** At most {@code max} bytes of UTF-8 once XML-escaped (text sent inside SSML). */
    public static TextLimit xmlEscapedUtf8Bytes(int max) {
        return new TextLimit(max, TextUnit.XML_ESCAPED_UTF8_BYTES);
    }

    /** The length of {@code text} in this limit's unit. */
    public long measure(CharSequence text) {
        return unit.measure(text);
    }

    public boolean fits(CharSequence text) {
        return measure(text) <= max;
    }

    /**
     * For a provider called directly (the router never sends more): refuses text over the limit
     * with {@code BAD_INPUT} rather than letting the service cut it off or answer with its own error.
     */
    public void requireFits(String providerId, CharSequence text) {
        long n = measure(text);
        if (n > max) {
            throw new ProviderException(providerId, ErrorKind.BAD_INPUT, "the text is " + n + " " + unit.label()
                    + "; one request takes at most " + this + " (the router cuts longer text into pieces that fit)");
        }
    }

    @Override
    public String toString() {
        return max + " " + unit.label();
    }
}
