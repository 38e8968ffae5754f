package io.voicerouter.provider.piper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Makes one request's pieces (sentences) in parallel and hands the results out in order. The calling
 * thread works too: it makes the next piece nobody has taken yet, so a request never waits on a
 * queue while its own thread is idle, and a one-piece request never leaves the caller's thread.
 * The helpers are one fixed pool for the whole provider ({@code parallelism - 1} daemon threads),
 * so however many requests run at once, at most that many extra pieces are in flight beyond the
 * callers (whom the router's bulkhead bounds). Thread-safe.
 */
final class OrderedParallel implements AutoCloseable {
    private final ExecutorService helpers;

    /** {@code parallelism} 1 makes every piece on the caller's thread, one after another. */
    OrderedParallel(int parallelism, String name) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        AtomicInteger n = new AtomicInteger();
        this.helpers = parallelism == 1 ? null : Executors.newFixedThreadPool(parallelism - 1, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Makes every piece and gives each result to {@code inOrder} in the pieces' order, on the calling
     * thread. The first failure (of a piece, of {@code inOrder}, or the deadline) stops the rest: pieces
     * not yet started are dropped, and the failure is thrown.
     *
     * @throws TimeoutException when {@code deadline} passes before all results are handed out
     * @throws ExecutionException wrapping a piece's failure
     */
    <T> void run(List<Callable<T>> pieces, Consumer<T> inOrder, Instant deadline)
            throws TimeoutException, ExecutionException, InterruptedException {
        List<Task<T>> tasks = new ArrayList<>(pieces.size());
        for (Callable<T> p : pieces) {
            tasks.add(new Task<>(p));
        }
        try {
            if (helpers != null) {
                for (int i = 1; i < tasks.size(); i++) {
                    helpers.execute(tasks.get(i));
                }
            }
            int steal = 0;
            for (int i = 0; i < tasks.size(); i++) {
                // As before parallelism: the deadline is checked before each piece, done or not.
                checkDeadline(deadline);
                Task<T> task = tasks.get(i);
                task.run();
                // While a helper makes piece i, make a later one rather than wait idle.
                steal = Math.max(steal, i + 1);
                while (!task.result.isDone() && steal < tasks.size()) {
                    checkDeadline(deadline);
                    tasks.get(steal++).run();
                }
                long wait = nanosUntil(deadline);
                if (wait <= 0 && !task.result.isDone()) {
                    throw new TimeoutException("deadline passed");
                }
                inOrder.accept(task.result.get(Math.max(wait, 0), TimeUnit.NANOSECONDS));
            }
        } finally {
            for (Task<T> t : tasks) {
                t.drop();
            }
        }
    }

    /** Nanoseconds until {@code deadline}, saturated: requests without one carry a far-off instant. */
    private static long nanosUntil(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : left.toNanos();
    }

    private static void checkDeadline(Instant deadline) throws TimeoutException {
        if (Instant.now().isAfter(deadline)) {
            throw new TimeoutException("deadline passed");
        }
    }

    @Override
    public void close() {
        if (helpers == null) {
            return;
        }
        // Pieces still queued are dropped; one already inside a native run cannot be stopped, and the
        // sessions it uses must outlive it, so wait for it before the caller closes them.
        helpers.shutdownNow();
        try {
            helpers.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A piece that whoever claims first makes; the others skip it. */
    private static final class Task<T> implements Runnable {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Callable<T> work;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Task(Callable<T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        /** Keeps a piece nobody has started from ever running. */
        void drop() {
            claimed.set(true);
        }
    }
}
