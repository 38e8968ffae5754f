package io.voicerouter.spi;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.InvalidOptionException;
import io.voicerouter.error.ProviderException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The lifecycle every provider needs, written once: load once (on {@link #initialize()} or, lazily,
 * on first use), remember a failed load and report it on every later call, health from that, close
 * once. A provider gives the load (its model, engine or client, {@code M}) and keeps its own speaking:
 *
 * <pre>{@code
 * private final ProviderLifecycle<Engine> life = ProviderLifecycle.of(ID, this::load);
 * public void initialize()            { life.initialize(); }
 * public ProviderHealth health()      { return life.health(engine -> ProviderHealth.up(...)); }
 * public SynthesisOutput synthesize(SynthesisRequest r) { return speak(life.get(), r); }
 * public void close()                 { life.close(Engine::close); }
 * }</pre>
 *
 * <p>Errors: what the load throws becomes a {@link ProviderException} once, by the provider's own
 * mapping ({@link #of(String, Loader, Function)}) and then this default: a {@code ProviderException}
 * as it is, an {@link InvalidOptionException} {@code MISCONFIGURED} naming the option, a missing file
 * {@code MODEL_MISSING} naming it, another {@code IOException} {@code MODEL_MISSING}, anything else
 * {@code MISCONFIGURED}. JVM {@link Error}s are not caught. Thread-safe: concurrent first calls load
 * once, and {@link #close} waits for a load in progress.
 *
 * @param <M> what the load makes
 */
public final class ProviderLifecycle<M> {
    /** The provider's load: slow, may fail. */
    @FunctionalInterface
    public interface Loader<M> {
        M load() throws Exception;
    }

    private sealed interface State<M> {
    }

    private record NotLoaded<M>() implements State<M> {
    }

    private record Ready<M>(M model) implements State<M> {
    }

    private record Failed<M>(ProviderException failure) implements State<M> {
    }

    private record Closed<M>() implements State<M> {
    }

    private final String providerId;
    private final Loader<M> loader;
    private final Function<Exception, ProviderException> mapping;
    private final Object lock = new Object();
    private volatile State<M> state = new NotLoaded<>();

    private ProviderLifecycle(String providerId, Loader<M> loader, Function<Exception, ProviderException> mapping) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
    }

    /** A lifecycle with the default error mapping. */
    public static <M> ProviderLifecycle<M> of(String providerId, Loader<M> loader) {
        return new ProviderLifecycle<>(providerId, loader, e -> null);
    }

    /**
     * A lifecycle whose load failures go through {@code mapping} first (return {@code null} to leave a
     * failure to the default mapping).
     */
    public static <M> ProviderLifecycle<M> of(String providerId, Loader<M> loader,
                                              Function<Exception, ProviderException> mapping) {
        return new ProviderLifecycle<>(providerId, loader, mapping);
    }

    /**
     * Loads, once: later calls return what the first made, or throw what it failed with.
     *
     * @throws ProviderException the load's failure (remembered), or {@code MISCONFIGURED} once closed
     */
    public M initialize() {
        return get();
    }

    /** What the load made, loading it now if nobody has (lazy initialization); the same failures as {@link #initialize()}. */
    public M get() {
        State<M> s = state;
        if (s instanceof NotLoaded<M>) {
            synchronized (lock) {
                s = state;
                if (s instanceof NotLoaded<M>) {
                    s = load();
                    state = s;
                }
            }
        }
        if (s instanceof Ready<M> r) {
            return r.model();
        }
        if (s instanceof Failed<M> f) {
            // The remembered exception itself, so its type (a provider's own subclass) stays what callers test for.
            throw f.failure();
        }
        throw closedFailure();
    }

    /** What the load made, if it has succeeded and the provider is not closed; never loads. */
    public Optional<M> ifLoaded() {
        return state instanceof Ready<M> r ? Optional.of(r.model()) : Optional.empty();
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return state instanceof Closed<M>;
    }

    /**
     * Not initialized before the first load, DOWN with the failure after a failed one or once closed,
     * else what {@code whenReady} says of the loaded model.
     */
    public ProviderHealth health(Function<? super M, ProviderHealth> whenReady) {
        State<M> s = state;
        if (s instanceof Ready<M> r) {
            return whenReady.apply(r.model());
        }
        if (s instanceof Failed<M> f) {
            return ProviderHealth.down(stripId(f.failure().getMessage()));
        }
        if (s instanceof Closed<M>) {
            return ProviderHealth.down("the provider is closed");
        }
        return ProviderHealth.notInitialized();
    }

    /**
     * Closes once: {@code unload} runs on a loaded model (after a load in progress ends), later calls
     * of {@link #get} fail with {@code MISCONFIGURED}, and calling this again does nothing.
     */
    public void close(Consumer<? super M> unload) {
        State<M> before;
        synchronized (lock) {
            before = state;
            state = new Closed<>();
        }
        if (before instanceof Ready<M> r) {
            unload.accept(r.model());
        }
    }

    /** The {@code MISCONFIGURED} failure for a call on a closed provider. */
    public ProviderException closedFailure() {
        return new ProviderException(providerId, ErrorKind.MISCONFIGURED, "the provider is closed");
    }

    private State<M> load() {
        try {
            return new Ready<>(Objects.requireNonNull(loader.load(), "the load returned null"));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Failed<>(map(e));
        }
    }

    private ProviderException map(Exception e) {
        ProviderException own = mapping.apply(e);
        if (own != null) {
            return own;
        }
        if (e instanceof ProviderException p) {
            return p;
        }
        if (e instanceof InvalidOptionException o) {
            return new ProviderException(providerId, ErrorKind.MISCONFIGURED, o.getMessage(), e);
        }
        if (e instanceof NoSuchFileException n) {
            return new ProviderException(providerId, ErrorKind.MODEL_MISSING, "missing model file " + n.getFile()
                    + (n.getReason() == null ? "" : ": " + n.getReason()), e);
        }
        if (e instanceof IOException) {
            return new ProviderException(providerId, ErrorKind.MODEL_MISSING, "cannot load the model: " + e.getMessage(), e);
        }
        return new ProviderException(providerId, ErrorKind.MISCONFIGURED, "cannot start: " + e, e);
    }

    /** ProviderException prefixes its message with the id; the health detail and a re-thrown copy should not repeat it. */
    private String stripId(String message) {
        String prefix = providerId + ": ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }
}
