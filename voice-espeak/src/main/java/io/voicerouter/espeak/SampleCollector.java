package io.voicerouter.espeak;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/** Gathers the 16-bit samples espeak-ng hands its synth callback during one espeak_Synth call. */
final class SampleCollector {
    final BooleanSupplier cancelled;
    private short[] data = new short[16384];
    private int size;
    boolean aborted;

    SampleCollector(BooleanSupplier cancelled) {
        this.cancelled = cancelled;
    }

    void add(short[] chunk) {
        if (size + chunk.length > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + chunk.length));
        }
        System.arraycopy(chunk, 0, data, size, chunk.length);
        size += chunk.length;
    }

    short[] samples() {
        return Arrays.copyOf(data, size);
    }
}
