package io.voicerouter.onnx;

/** A downloaded file has the wrong size or digest. The bad copy has been deleted. */
public class ChecksumMismatchException extends ModelDownloadException {
    public ChecksumMismatchException(String file, String message) {
        super(file, message);
    }
}
