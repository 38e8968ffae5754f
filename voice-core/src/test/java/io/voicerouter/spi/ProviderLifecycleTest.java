package io.voicerouter.spi;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidOptionException;
import io.voicerouter.error.ProviderException;
import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ProviderLifecycleTest {
    private static ProviderException failure(ProviderLifecycle<?> life) {
        return catchThrowableOfType(life::get, ProviderException.class);
    }

    @Test
    void loadsOnceLazilyOrOnInitializeAndHealthFollows() {
        AtomicInteger loads = new AtomicInteger();
        ProviderLifecycle<String> life = ProviderLifecycle.of("p", () -> "model " + loads.incrementAndGet());
        assertThat(life.health(m -> ProviderHealth.up()).status()).isEqualTo(ProviderHealth.notInitialized().status());
        assertThat(life.ifLoaded()).isEmpty();
        assertThat(life.get()).isEqualTo("model 1");
        assertThat(life.initialize()).isEqualTo("model 1");
        assertThat(loads).hasValue(1);
        assertThat(life.ifLoaded()).contains("model 1");
        assertThat(life.health(m -> ProviderHealth.up(java.util.Map.of("model", m))).attributes()).containsEntry("model", "model 1");
    }

    @Test
    void concurrentFirstCallsLoadOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch inLoad = new CountDownLatch(1);
        ProviderLifecycle<Integer> life = ProviderLifecycle.of("p", () -> {
            inLoad.countDown();
            Thread.sleep(100);
            return loads.incrementAndGet();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                got.add(pool.submit(life::get));
            }
            for (Future<Integer> f : got) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadIsRememberedReportedByHealthAndNotRetried() {
        AtomicInteger loads = new AtomicInteger();
        ProviderLifecycle<String> life = ProviderLifecycle.of("p", () -> {
            loads.incrementAndGet();
            throw new ProviderException("p", ErrorKind.MODEL_MISSING, "no model in /m");
        });
        for (int i = 0; i < 3; i++) {
            ProviderException e = failure(life);
            assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
            assertThat(e).hasMessage("p: no model in /m");
        }
        assertThatThrownBy(life::initialize).isInstanceOf(ProviderException.class);
        assertThat(loads).hasValue(1);
        ProviderHealth h = life.health(m -> ProviderHealth.up());
        assertThat(h.status()).isEqualTo(ProviderHealth.Status.DOWN);
        assertThat(h.detail()).isEqualTo("no model in /m");
    }

    @Test
    void loadFailuresAreMappedByTheProviderFirstThenByDefault() {
        assertThat(failure(ProviderLifecycle.of("p", () -> {
            throw new InvalidOptionException("p.threads", "option p.threads must be a whole number");
        }))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e).hasMessageContaining("p.threads");
        });
        assertThat(failure(ProviderLifecycle.of("p", () -> {
            throw new NoSuchFileException("/m/model.onnx");
        }))).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.MODEL_MISSING);
            assertThat(e).hasMessageContaining("/m/model.onnx");
        });
        assertThat(failure(ProviderLifecycle.of("p", () -> {
            throw new IllegalStateException("no GPU");
        })).kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(failure(ProviderLifecycle.of("p", () -> {
            throw new IllegalStateException("no GPU");
        }, e -> new ProviderException("p", ErrorKind.AUTHENTICATION, "mapped: " + e.getMessage()))))
                .hasMessage("p: mapped: no GPU");
    }

    @Test
    void closeIsIdempotentUnloadsOnceAndLaterCallsAreMisconfigured() {
        AtomicInteger unloads = new AtomicInteger();
        ProviderLifecycle<String> life = ProviderLifecycle.of("p", () -> "m");
        life.initialize();
        life.close(m -> unloads.incrementAndGet());
        life.close(m -> unloads.incrementAndGet());
        assertThat(unloads).hasValue(1);
        assertThat(life.closed()).isTrue();
        assertThat(life.ifLoaded()).isEmpty();
        assertThat(failure(life).kind()).isEqualTo(ErrorKind.MISCONFIGURED);
        assertThat(life.health(m -> ProviderHealth.up()).detail()).isEqualTo("the provider is closed");

        ProviderLifecycle<String> never = ProviderLifecycle.of("p", () -> {
            throw new AssertionError("a closed provider never loads");
        });
        never.close(m -> unloads.incrementAndGet());
        assertThat(failure(never)).hasMessageContaining("closed");
        assertThat(unloads).hasValue(1);
    }

    @Test
    void closeWaitsForALoadInProgressAndUnloadsWhatItMade() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger unloads = new AtomicInteger();
        ProviderLifecycle<String> life = ProviderLifecycle.of("p", () -> {
            loading.countDown();
            finish.await();
            return "m";
        });
        Thread loader = new Thread(() -> {
            try {
                life.get();
            } catch (ProviderException ignored) {
                // closed meanwhile
            }
        });
        loader.start();
        assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
        Thread closer = new Thread(() -> life.close(m -> unloads.incrementAndGet()));
        closer.start();
        Thread.sleep(50);
        assertThat(closer.isAlive()).as("close waits for the load").isTrue();
        finish.countDown();
        closer.join(5000);
        loader.join(5000);
        assertThat(unloads).hasValue(1);
        assertThat(life.closed()).isTrue();
    }
}
