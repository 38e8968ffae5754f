package io.voicerouter.onnx;

/** An explicitly requested device ({@code cuda:N}) cannot be used: no GPU runtime, or it failed to start. */
public class DeviceUnavailableException extends OnnxSessionException {
    public DeviceUnavailableException(String message) {
        super(message);
    }

    public DeviceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
