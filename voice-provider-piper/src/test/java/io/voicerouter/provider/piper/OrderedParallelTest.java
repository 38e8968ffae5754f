package io.voicerouter.provider.piper;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderedParallelTest {
    private static final Instant NO_DEADLINE = Instant.MAX;

    @Test
    void resultsComeOutInOrderWhateverOrderTheyFinishIn() throws Exception {
        try (OrderedParallel p = new OrderedParallel(3, "t")) {
            List<Callable<Integer>> pieces = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                int n = i;
                pieces.add(() -> {
                    Thread.sleep((9 - n) * 5L); // later pieces finish first
                    return n;
                });
            }
            List<Integer> out = new ArrayList<>();
            p.run(pieces, out::add, NO_DEADLINE);
            assertThat(out).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        }
    }

    @Test
    void piecesRunAtOnceUpToTheParallelism() throws Exception {
        try (OrderedParallel p = new OrderedParallel(2, "t")) {
            CountDownLatch both = new CountDownLatch(2);
            Set<String> threads = ConcurrentHashMap.newKeySet();
            Callable<Boolean> piece = () -> {
                threads.add(Thread.currentThread().getName());
                both.countDown();
                // Only true when the other piece is running at the same time.
                return both.await(10, TimeUnit.SECONDS);
            };
            List<Boolean> out = new ArrayList<>();
            p.run(List.of(piece, piece), out::add, NO_DEADLINE);
            assertThat(out).containsExactly(true, true);
            assertThat(threads).hasSize(2).contains(Thread.currentThread().getName());
        }
    }

    @Test
    void parallelismOneRunsEverythingOnTheCallersThread() throws Exception {
        try (OrderedParallel p = new OrderedParallel(1, "t")) {
            List<String> out = new ArrayList<>();
            Callable<String> name = () -> Thread.currentThread().getName();
            p.run(List.of(name, name), out::add,
                    NO_DEADLINE);
            assertThat(out).containsOnly(Thread.currentThread().getName());
        }
        assertThatThrownBy(() -> new OrderedParallel(0, "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailureStopsThePiecesNotYetStartedAndIsThrown() throws Exception {
        try (OrderedParallel p = new OrderedParallel(2, "t")) {
            AtomicInteger ran = new AtomicInteger();
            List<Callable<Integer>> pieces = new ArrayList<>();
            pieces.add(() -> {
                throw new IllegalStateException("boom");
            });
            for (int i = 0; i < 50; i++) {
                pieces.add(() -> {
                    ran.incrementAndGet();
                    Thread.sleep(20);
                    return 1;
                });
            }
            List<Integer> out = new ArrayList<>();
            assertThatThrownBy(() -> p.run(pieces, out::add, NO_DEADLINE)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("boom");
            assertThat(out).isEmpty();
            Thread.sleep(100);
            assertThat(ran.get()).isLessThan(10);
        }
    }

    @Test
    void aConsumerFailureIsThrownAsIs() throws Exception {
        try (OrderedParallel p = new OrderedParallel(2, "t")) {
            assertThatThrownBy(() -> p.run(List.<Callable<Integer>>of(() -> 1, () -> 2), x -> {
                throw new IllegalArgumentException("sink full");
            }, NO_DEADLINE)).isInstanceOf(IllegalArgumentException.class).hasMessage("sink full");
        }
    }

    @Test
    void aPassedDeadlineIsATimeout() throws Exception {
        try (OrderedParallel p = new OrderedParallel(2, "t")) {
            Callable<Integer> slow = () -> {
                Thread.sleep(300);
                return 1;
            };
            assertThatThrownBy(() -> p.run(List.of(slow, slow, slow), x -> { }, Instant.now().plusMillis(100)))
                    .isInstanceOf(TimeoutException.class);
        }
    }
}
