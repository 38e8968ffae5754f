package io.voicerouter.provider.xtts;

import io.voicerouter.error.VoiceException;

/**
 * XTTS's vocab.json (a Hugging Face tokenizer.json) cannot be used: it is malformed (for example a merge
 * names a token the vocabulary lacks, which the tokenizers library refuses too) or, as
 * {@link UnsupportedVocabularyException}, it asks for a tokenizer component this module does not implement.
 */
public class VocabularyException extends VoiceException {
    public VocabularyException(String message) {
        super(message);
    }
}
