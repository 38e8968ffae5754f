package io.voicerouter.bench;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Times two operations back to back, alternating which goes first (the baseline on the first call):
 * on a shared, busy machine both halves of a pair see about the same load, so the ratio of their
 * summed times is far steadier than the ratio of two separately measured scores. One instance per
 * measuring thread; it is not thread-safe.
 */
public final class Paired {
    /** One half of a pair; what it returns is consumed so the JIT cannot drop the work. */
    @FunctionalInterface
    public interface Op {
        Object run() throws Exception;
    }

    private boolean baselineFirst;
    private long subjectNanos;
    private long baselineNanos;

    /** Runs both once, in the order opposite to the previous call's, and records each one's time. */
    public void run(Blackhole bh, Op subject, Op baseline) throws Exception {
        baselineFirst = !baselineFirst;
        long t0 = System.nanoTime();
        bh.consume(baselineFirst ? baseline.run() : subject.run());
        long t1 = System.nanoTime();
        bh.consume(baselineFirst ? subject.run() : baseline.run());
        long t2 = System.nanoTime();
        baselineNanos = baselineFirst ? t1 - t0 : t2 - t1;
        subjectNanos = baselineFirst ? t2 - t1 : t1 - t0;
    }

    /** The subject's time in the last pair. */
    public long subjectNanos() {
        return subjectNanos;
    }

    /** The baseline's time in the last pair. */
    public long baselineNanos() {
        return baselineNanos;
    }
}
