package io.voicerouter.onnx;

import io.voicerouter.error.VoiceException;

/** A model file could not be downloaded: network failure, HTTP error, or a cut connection. */
public class ModelDownloadException extends VoiceException {
    private final String file;

    public ModelDownloadException(String file, String message) {
        super(message);
        this.file = file;
    }

    public ModelDownloadException(String file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file's relative path in the store. */
    public String file() {
        return file;
    }
}
