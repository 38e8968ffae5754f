package io.voicerouter.encode;

import io.voicerouter.audio.AudioData;

/**
 * One encoded stream in progress. Audio goes in with {@link #write} in order, already at the
 * spec's rate and channel count; {@link #finish} writes what is left and the container's closing
 * framing; {@link #close} without {@code finish} abandons the stream. For one thread at a time.
 */
public interface EncoderSession extends AutoCloseable {
    /** Encodes the next audio; encoded bytes may reach the output now or later. */
    void write(AudioData audio);

    /** Flushes the encoder and ends the container; no writes after it. */
    void finish();

    /** Releases the encoder (ends a process, frees buffers); abandons the stream if not finished. */
    @Override
    void close();
}
