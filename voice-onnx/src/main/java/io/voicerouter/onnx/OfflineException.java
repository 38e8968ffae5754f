package io.voicerouter.onnx;

/** A file is missing from the store and offline mode forbids downloading it. */
public class OfflineException extends ModelDownloadException {
    public OfflineException(String file, String message) {
        super(file, message);
    }
}
