package io.voicerouter.encode;

import io.voicerouter.audio.AudioData;
import io.voicerouter.audio.Resampler;
import io.voicerouter.audio.ResamplerStream;
import io.voicerouter.error.AudioFormatException;
import io.voicerouter.spi.AudioSink;

import java.io.OutputStream;

/**
 * Encodes audio chunks as they arrive: an {@link AudioSink} for a provider's or the router's
 * streaming synthesis. The first chunk fixes the input rate and channel count; each chunk is mixed
 * down and resampled as the format needs and handed to the encoder at once, so encoded bytes go out
 * before the last chunk exists. {@link #finish()} flushes and writes the container's closing framing;
 * {@link #close()} without it abandons the stream (an external encoder is stopped). Made by
 * {@link AudioEncoders#stream}; for one stream on one thread at a time.
 */
public final class StreamingEncoder implements AudioSink, AutoCloseable {
    /** The rate an empty stream is declared at, when no chunk ever said one. */
    private static final int EMPTY_STREAM_RATE = 24_000;

    private final AudioEncoder encoder;
    private final EncoderSettings settings;
    private final OutputStream out;
    private EncodeSpec spec;
    private ResamplerStream resampler;
    private int inputChannels;
    private EncoderSession session;
    private boolean finished;
    private boolean closed;

    StreamingEncoder(AudioEncoder encoder, EncoderSettings settings, OutputStream out) {
        this.encoder = encoder;
        this.settings = settings;
        this.out = out;
    }

    /** The encoder in use. */
    public AudioEncoder encoder() {
        return encoder;
    }

    /**
     * Encodes the next chunk.
     *
     * @throws AudioFormatException   when the chunk's rate or channel count differs from the first chunk's
     * @throws IllegalStateException  after {@link #finish()} or {@link #close()}
     */
    @Override
    public void accept(AudioData chunk) {
        if (finished || closed) {
            throw new IllegalStateException("the stream is " + (closed ? "closed" : "finished"));
        }
        if (session == null) {
            start(chunk.sampleRate(), chunk.channels());
        } else if (chunk.sampleRate() != resampler.sourceRate() || chunk.channels() != inputChannels) {
            throw new AudioFormatException("A chunk of " + chunk.sampleRate() + " Hz x" + chunk.channels()
                    + " in a stream that began at " + resampler.sourceRate() + " Hz x" + inputChannels);
        }
        AudioData mixed = chunk.channels() == spec.channels() ? chunk : chunk.toMono();
        AudioData ready = resampler.push(mixed);
        if (ready.frames() > 0) {
            session.write(ready);
        }
    }

    /** Encodes what is left and ends the container. Idempotent. */
    public void finish() {
        if (finished) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("the stream is closed");
        }
        if (session == null) {
            start(settings.sampleRate().orElse(settings.format().rateFor(EMPTY_STREAM_RATE)), 1);
        }
        AudioData rest = resampler.finish();
        if (rest.frames() > 0) {
            session.write(rest);
        }
        session.finish();
        finished = true;
    }

    /** Releases the encoder; abandons the stream when {@link #finish()} was not called. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (session != null) {
            session.close();
        }
    }

    private void start(int rate, int channels) {
        spec = settings.specFor(rate, channels);
        inputChannels = channels;
        resampler = Resampler.stream(rate, spec.sampleRate(), spec.channels());
        session = encoder.open(spec, out);
    }
}
