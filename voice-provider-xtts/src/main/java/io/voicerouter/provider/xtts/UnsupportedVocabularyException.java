package io.voicerouter.provider.xtts;

/**
 * The vocabulary asks for a tokenizer component or option that {@code BpeTokenizer} does not implement
 * (a normalizer, a pre-tokenizer other than Whitespace, a post-processor, BPE dropout, ...). Refused at
 * load time rather than ignored, because ignoring it would silently give other token ids than the
 * tokenizers library and so other speech.
 */
public final class UnsupportedVocabularyException extends VocabularyException {
    private final String component;

    public UnsupportedVocabularyException(String component, String message) {
        super(message);
        this.component = component;
    }

    /** The JSON member refused, e.g. {@code normalizer} or {@code model.dropout}. */
    public String component() {
        return component;
    }
}
