package io.voicerouter.error;

/** A language code that is malformed, or that no configured provider speaks. */
public class UnsupportedLanguageException extends VoiceException {
    private final String language;

    public UnsupportedLanguageException(String language, String message) {
        super(message);
        this.language = language;
    }

    public String language() {
        return language;
    }
}
