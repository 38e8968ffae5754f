package io.voicerouter.onnx;

/**
 * Hears how a download progresses. Called on the downloading thread, often (every few tens of KB):
 * keep it cheap. {@code total} is -1 when neither the catalog nor the server said the size.
 */
@FunctionalInterface
public interface DownloadListener {
    DownloadListener NONE = (file, done, total) -> { };

    /**
     * @param file  the file's relative path in the store
     * @param done  bytes on disk so far, including any resumed part
     * @param total the expected size, or -1
     */
    void progress(String file, long done, long total);
}
