package io.voicerouter.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs calls on their own threads, released together by a latch, for tests of what is shared between threads. */
public final class Concurrently {
    private Concurrently() {
    }

    /**
     * Starts {@code threads} calls ({@code task} gets each call's index), lets them all go at once
     * and returns their results in index order; what a call throws is rethrown (wrapped) here.
     * Waits at most 30 seconds per call, so a deadlock fails the test instead of hanging it.
     */
    public static <T> List<T> call(int threads, IntFunction<Callable<T>> task) throws Exception {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            calls.add(task.apply(i));
        }
        return call(Duration.ofSeconds(30), calls);
    }

    /** {@code calls}, each on its own thread, all let go at once; waits at most {@code perCall} for each result. */
    public static <T> List<T> call(Duration perCall, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(perCall.toMillis(), TimeUnit.MILLISECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
