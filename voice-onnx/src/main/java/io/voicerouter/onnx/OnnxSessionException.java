package io.voicerouter.onnx;

import io.voicerouter.error.VoiceException;

/** A model could not be opened: missing or corrupt file, or a device that is not available. */
public class OnnxSessionException extends VoiceException {
    public OnnxSessionException(String message) {
        super(message);
    }

    public OnnxSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
