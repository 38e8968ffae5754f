package io.voicerouter.onnx;

import java.util.Locale;
import java.util.Objects;

/**
 * Where inference runs: {@code auto} (CUDA when the GPU runtime is present, else CPU), {@code cpu},
 * or {@code cuda} / {@code cuda:N}. Parse settings with {@link #parse}; {@link #toString} gives the
 * same text back.
 */
public record Device(Kind kind, int index) {
    public enum Kind { AUTO, CPU, CUDA }

    public static final Device AUTO = new Device(Kind.AUTO, 0);
    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("device index must not be negative: " + index);
        }
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Reads {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive). */
    public static Device parse(String text) {
        String s = Objects.requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "auto":
                return AUTO;
            case "cpu":
                return CPU;
            case "cuda", "gpu":
                return cuda(0);
            default:
                if (s.startsWith("cuda:")) {
                    try {
                        return cuda(Integer.parseInt(s.substring(5)));
                    } catch (NumberFormatException e) {
                        // fall through to the error below
                    }
                }
                throw new IllegalArgumentException("device must be auto, cpu, cuda or cuda:N, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case AUTO -> "auto";
            case CPU -> "cpu";
            case CUDA -> "cuda:" + index;
        };
    }
}
