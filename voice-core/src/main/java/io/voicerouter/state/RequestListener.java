package io.voicerouter.state;

/**
 * Told about every request that finished with a result or with every provider failing (not about
 * cancelled ones), on the thread that finished it and before {@code synthesize} returns, so a store
 * that records it has done so by the time the caller sees the audio. Implementations must be
 * thread-safe and quick; an exception is logged and never fails the request.
 */
@FunctionalInterface
public interface RequestListener {
    void onFinished(FinishedRequest request);
}
