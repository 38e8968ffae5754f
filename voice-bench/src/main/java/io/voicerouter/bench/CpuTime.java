package io.voicerouter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of the calling thread per operation. With one intra-op thread ONNX Runtime computes on
 * the calling thread, so this is about what the operation takes on one quiet core, and it moves far
 * less with other processes' load than wall time does (what is left: contention for caches and memory
 * bandwidth, and hyper-threads that share a core). With more intra-op threads it counts the calling
 * thread's share only. Thread-safe.
 */
public final class CpuTime {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private final List<Long> nanos = new ArrayList<>();

    /** A start mark for {@link #stop}. */
    public static long start() {
        return MX.getCurrentThreadCpuTime();
    }

    /** Records the calling thread's CPU time since {@code started}; returns it in nanoseconds. */
    public long stop(long started) {
        long used = MX.getCurrentThreadCpuTime() - started;
        synchronized (nanos) {
            nanos.add(used);
        }
        return used;
    }

    /** The median of the recorded operations in seconds (NaN when none), the first {@code skip} left out (warm-up). */
    public double medianSeconds(int skip) {
        double[] s;
        synchronized (nanos) {
            s = nanos.stream().skip(Math.min(skip, Math.max(0, nanos.size() - 1))).mapToDouble(n -> n / 1e9).sorted().toArray();
        }
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public int count() {
        synchronized (nanos) {
            return nanos.size();
        }
    }
}
