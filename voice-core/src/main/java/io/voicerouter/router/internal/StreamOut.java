package io.voicerouter.router.internal;

import io.voicerouter.audio.AudioData;
import io.voicerouter.router.Attempt;
import io.voicerouter.router.SpeechChunk;
import io.voicerouter.router.SpeechSink;

import java.time.Duration;
import java.util.List;

/**
 * The caller's end of one streamed request: numbers the chunks, stamps the first with the provider
 * and the trace so far, and refuses to deliver once the request is over. Written by the request's
 * worker thread; {@link #emitted()} may be read by the timer.
 */
final class StreamOut {
    private final SpeechSink sink;
    private final RunControl control;
    private volatile int emitted;
    private volatile Duration firstChunkAt;
    private String providerId;
    private List<Attempt> traceSoFar = List.of();

    StreamOut(SpeechSink sink, RunControl control) {
        this.sink = sink;
        this.control = control;
    }

    /** The next provider's turn starts: its chunks, if any, carry this id and the trace before it. */
    void turn(String id, List<Attempt> trace) {
        this.providerId = id;
        this.traceSoFar = List.copyOf(trace);
    }

    void emit(AudioData audio, boolean cached) {
        if (control.stopped()) {
            throw new Signal.Stopped();
        }
        int index = emitted;
        Duration at = control.sinceStart();
        SpeechChunk chunk = new SpeechChunk(index, audio, providerId, cached, at, index == 0 ? traceSoFar : List.of());
        try {
            sink.accept(chunk);
        } catch (RuntimeException e) {
            throw new Signal.SinkFailed(e);
        }
        if (index == 0) {
            firstChunkAt = at;
        }
        emitted = index + 1;
    }

    int emitted() {
        return emitted;
    }

    /** Time from the request's start to its first chunk, or null before one left. */
    Duration firstChunkAt() {
        return firstChunkAt;
    }
}
