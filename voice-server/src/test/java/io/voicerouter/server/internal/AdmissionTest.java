package io.voicerouter.server.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTest {
    @Test
    void aFreedSlotGoesToTheOldestWaiterAndAFullQueueIsBusy() throws Exception {
        Admission admission = new Admission(1, 2, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Admission.Permit held = admission.enter();
            List<String> order = new CopyOnWriteArrayList<>();
            Future<?> first = pool.submit(() -> enterAndRecord(admission, order, "first"));
            awaitWaiting(admission, 1);
            Future<?> second = pool.submit(() -> enterAndRecord(admission, order, "second"));
            awaitWaiting(admission, 2);
            assertThatThrownBy(admission::enter).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.headers()).containsEntry("Retry-After", "1");
            });
            held.close();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(order).containsExactly("first", "second");
            assertThat(admission.waiting()).isZero();
            admission.enter().close(); // every slot was given back
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterWhoseClientLeavesGivesUpItsPlaceAtOnceAndHoldsNoSlot() throws Exception {
        Admission admission = new Admission(1, 1, Duration.ofSeconds(30));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Admission.Permit held = admission.enter();
            AtomicReference<Runnable> leave = new AtomicReference<>();
            Future<?> waiter = pool.submit(() -> admission.enter(leave::set).close());
            awaitWaiting(admission, 1);
            leave.get().run(); // the client went away
            assertThat(admission.waiting()).as("its place is free at once").isZero();
            assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(Admission.ClientLeft.class);
            // The place it left takes a new waiter, and the held slot still goes to it.
            Future<?> next = pool.submit(() -> admission.enter().close());
            awaitWaiting(admission, 1);
            held.close();
            next.get(10, TimeUnit.SECONDS);
            leave.get().run(); // a late second call does nothing
            Admission.Permit again = admission.enter();
            again.close();
            assertThat(admission.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaitThatRunsOutIsBusyAndAClientLeavingAfterItsTurnCameKeepsTheSlotAccounted() throws Exception {
        Admission admission = new Admission(1, 4, Duration.ofMillis(200));
        Admission.Permit held = admission.enter();
        assertThatThrownBy(admission::enter).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.getMessage()).contains("no synthesis slot became free"));
        assertThat(admission.waiting()).isZero();
        // A waiter handed the slot, whose client leaves only afterwards, keeps it until it closes it.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Admission patient = new Admission(1, 4, Duration.ofSeconds(30));
            Admission.Permit first = patient.enter();
            AtomicReference<Runnable> leave = new AtomicReference<>();
            Future<Admission.Permit> waiter = pool.submit(() -> patient.enter(leave::set));
            awaitWaiting(patient, 1);
            first.close();
            Admission.Permit handed = waiter.get(10, TimeUnit.SECONDS);
            leave.get().run();
            Future<?> later = pool.submit(() -> patient.enter().close());
            awaitWaiting(patient, 1); // the slot is still the first waiter's: the next one waits
            handed.close();
            later.get(10, TimeUnit.SECONDS);
            assertThat(patient.waiting()).isZero();
            patient.enter().close();
        } finally {
            pool.shutdownNow();
            held.close();
        }
    }

    private static void enterAndRecord(Admission admission, List<String> order, String name) {
        try (Admission.Permit ignored = admission.enter()) {
            order.add(name);
        }
    }

    private static void awaitWaiting(Admission admission, int n) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (admission.waiting() != n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(admission.waiting()).isEqualTo(n);
    }
}
