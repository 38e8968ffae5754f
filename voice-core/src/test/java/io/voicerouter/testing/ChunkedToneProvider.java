package io.voicerouter.testing;

import io.voicerouter.audio.AudioData;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.AudioSink;
import io.voicerouter.spi.ProviderCapabilities;
import io.voicerouter.spi.SynthesisOutput;
import io.voicerouter.spi.SynthesisRequest;
import io.voicerouter.spi.TtsProvider;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A streaming {@link ToneProvider}: {@code synthesizeStreaming} hands the same tone out in chunks of
 * a fixed number of frames, pausing between chunks as a real engine decodes, and can be told to
 * fail after some chunks. It records what it was asked to say and how its work ended, so tests can
 * see that a stop reached the engine itself. Thread-safe.
 */
public final class ChunkedToneProvider implements TtsProvider {
    private final ToneProvider tone;
    private final int chunkFrames;
    private final Duration pause;
    private final int failAfterChunks;
    private final ErrorKind failKind;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger chunksMade = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger interruptions = new AtomicInteger();
    private final AtomicInteger refusedBySink = new AtomicInteger();
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final List<Long> pieceStarts = new CopyOnWriteArrayList<>();

    private ChunkedToneProvider(ToneProvider tone, int chunkFrames, Duration pause, int failAfterChunks, ErrorKind failKind) {
        this.tone = Objects.requireNonNull(tone);
        this.chunkFrames = chunkFrames;
        this.pause = pause;
        this.failAfterChunks = failAfterChunks;
        this.failKind = failKind;
    }

    /** Chunks of {@code chunkFrames} frames, {@code pause} apart. */
    public static ChunkedToneProvider of(ToneProvider tone, int chunkFrames, Duration pause) {
        return new ChunkedToneProvider(tone, chunkFrames, pause, -1, null);
    }

    /** Like {@link #of}, but every call fails with {@code kind} once it has emitted {@code chunks} chunks. */
    public static ChunkedToneProvider failingAfter(ToneProvider tone, int chunkFrames, int chunks, ErrorKind kind) {
        return new ChunkedToneProvider(tone, chunkFrames, Duration.ZERO, chunks, kind);
    }

    @Override
    public ProviderCapabilities capabilities() {
        return tone.capabilities();
    }

    @Override
    public SynthesisOutput synthesize(SynthesisRequest request) {
        calls.incrementAndGet();
        texts.add(request.text());
        return tone.synthesize(request);
    }

    @Override
    public SynthesisOutput synthesizeStreaming(SynthesisRequest request, AudioSink sink) {
        calls.incrementAndGet();
        texts.add(request.text());
        pieceStarts.add(System.nanoTime());
        tone.checkCallable(request);
        active.incrementAndGet();
        try {
            AudioData whole = tone.tone(request);
            float[] samples = whole.samples();
            int sent = 0;
            for (int from = 0; from < samples.length; from += chunkFrames) {
                if (failAfterChunks >= 0 && sent == failAfterChunks) {
                    throw new ProviderException(id(), failKind, "scripted " + failKind + " after " + sent + " chunks");
                }
                if (from > 0 && !pause.isZero()) {
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException e) {
                        interruptions.incrementAndGet();
                        Thread.currentThread().interrupt();
                        throw new ProviderException(id(), ErrorKind.TIMEOUT, "interrupted between chunks");
                    }
                }
                AudioData chunk = AudioData.wrap(Arrays.copyOfRange(samples, from, Math.min(samples.length, from + chunkFrames)),
                        whole.sampleRate(), 1);
                chunksMade.incrementAndGet();
                try {
                    sink.accept(chunk);
                } catch (RuntimeException e) {
                    refusedBySink.incrementAndGet();
                    throw e;
                }
                sent++;
            }
            return SynthesisOutput.of(whole);
        } finally {
            active.decrementAndGet();
        }
    }

    @Override
    public void close() {
        tone.close();
    }

    public AudioData tone(SynthesisRequest request) {
        return tone.tone(request);
    }

    /** Every call, streamed or not. */
    public int calls() {
        return calls.get();
    }

    public int chunksMade() {
        return chunksMade.get();
    }

    /** Calls running now. */
    public int active() {
        return active.get();
    }

    /** Calls that ended because their thread was interrupted mid-stream. */
    public int interruptions() {
        return interruptions.get();
    }

    /** Calls that ended because the sink refused a chunk. */
    public int refusedBySink() {
        return refusedBySink.get();
    }

    /** The texts it was asked to say, in order. */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    /** When each streamed call began, {@link System#nanoTime()}. */
    public List<Long> pieceStarts() {
        return List.copyOf(pieceStarts);
    }
}
