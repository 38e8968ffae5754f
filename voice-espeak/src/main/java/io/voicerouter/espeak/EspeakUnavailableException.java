package io.voicerouter.espeak;

import io.voicerouter.error.VoiceException;

/**
 * espeak-ng cannot be used in this process: the shared library {@code libespeak-ng} is not installed,
 * or its data directory is missing. The message says what to install.
 */
public class EspeakUnavailableException extends VoiceException {
    static final String INSTALL_HINT = "install the Debian/Ubuntu package libespeak-ng1 (apt-get install libespeak-ng1), "
            + "the espeak-ng package on Fedora, Arch or Alpine, or 'brew install espeak-ng' on macOS";

    public EspeakUnavailableException(String message) {
        super(message);
    }

    public EspeakUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
