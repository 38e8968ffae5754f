package io.voicerouter.router;

/**
 * Receives a streamed request's chunks in order, on the thread that runs the request. A sink that
 * throws ends the stream: the provider is stopped (not blamed) and the request fails with that exception.
 */
@FunctionalInterface
public interface SpeechSink {
    void accept(SpeechChunk chunk);
}
