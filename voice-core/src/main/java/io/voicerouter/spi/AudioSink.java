package io.voicerouter.spi;

import io.voicerouter.audio.AudioData;

/** Receives audio chunks in order while a streaming synthesis is still running. */
@FunctionalInterface
public interface AudioSink {
    void accept(AudioData chunk);
}
