package io.voicerouter.server.internal;

import io.voicerouter.router.CancelSignal;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

/**
 * Notices a client that goes away while its request is being worked on and nothing is being written
 * (the provider making the first sentence, a whole synthesis), and cancels the work through a
 * {@link CancelSignal}. Jetty does not read a connection while a handler runs once the request's
 * body is read, so it would learn of a closed peer only at the answer's first write; this watch
 * takes the connection's read interest for that time.
 *
 * <p>When the connection becomes readable: end of stream or an error means the client is gone (a
 * client that only half-closes its side is treated so too, as nginx and Go's net/http do); bytes
 * mean the client pipelined its next request after this POST (RFC 9112 says it should not). Those
 * bytes cannot be handed back to Jetty's parser, so the answer then carries {@code Connection: close}
 * and the client sends that request again on a new connection, as a pipelining client must be ready
 * to; nothing is ever parsed out of step.
 *
 * <p>{@link #release} hands the read interest back before the answer's head is written: Jetty's
 * HTTP/1.1 connection needs it to read the next request of a kept-alive connection (and fails the
 * connection when a read is still pending as the answer completes). After the head the answer's own
 * writes notice a client that went away. One lock orders the selector's callback and the release, so
 * a read never happens once the interest is handed back.
 */
final class ClientWatch implements Callback {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);
    private static final ClientWatch NONE = new ClientWatch(null, null);

    private final AbstractEndPoint endPoint;
    private final CancelSignal signal;
    private final ByteBuffer buffer;
    // Guarded by this.
    private boolean released;
    private boolean gone;
    private boolean pipelined;
    private Runnable onGone = () -> { };

    private ClientWatch(AbstractEndPoint endPoint, CancelSignal signal) {
        this.endPoint = endPoint;
        this.signal = signal;
        this.buffer = endPoint == null ? null : BufferUtil.allocate(256);
        this.released = endPoint == null;
    }

    /**
     * Starts watching {@code request}'s connection, whose body must be read already; cancels
     * {@code signal} if the client goes away before {@link #release}. A watch that cannot start (not
     * HTTP/1, or the connection already has a read pending) does nothing.
     */
    static ClientWatch start(Request request, CancelSignal signal) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        EndPoint ep = request.getConnectionMetaData().getConnection().getEndPoint();
        if ((version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) || !(ep instanceof AbstractEndPoint a)) {
            return NONE;
        }
        ClientWatch watch = new ClientWatch(a, signal);
        if (!a.tryFillInterested(watch)) {
            LOG.debug("Not watching {}: a read is pending on it", a);
            return NONE;
        }
        return watch;
    }

    /** The connection became readable (on the selector's thread: the work here never blocks). */
    @Override
    public void succeeded() {
        synchronized (this) {
            if (released || gone || pipelined) {
                return;
            }
            try {
                int n = endPoint.fill(buffer);
                BufferUtil.clear(buffer);
                if (n < 0) {
                    gone = true;
                } else if (n > 0) {
                    pipelined = true;
                    LOG.debug("The client sent more bytes after its request on {}; the answer will close it", endPoint);
                    return;
                } else if (!endPoint.tryFillInterested(this)) { // a wake-up with nothing to read
                    LOG.debug("Stopped watching {}: a read is pending on it", endPoint);
                    return;
                } else {
                    return;
                }
            } catch (IOException e) {
                gone = true;
            }
        }
        goneNow();
    }

    /** The read interest failed: the connection was closed (the client, or the server stopping). */
    @Override
    public void failed(Throwable cause) {
        synchronized (this) {
            if (released || gone || pipelined) {
                return;
            }
            if (cause instanceof TimeoutException) {
                // An idle timeout says nothing of the client while the server works: keep watching.
                if (endPoint.isOpen() && endPoint.tryFillInterested(this)) {
                    return;
                }
            }
            gone = true;
        }
        goneNow();
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING; // one non-blocking read, and a cancel that only interrupts
    }

    /** Cancels the request's work and runs what {@link #whenGone} was given (outside the lock: it interrupts the request's thread). */
    private void goneNow() {
        Runnable action;
        synchronized (this) {
            action = onGone;
        }
        signal.cancel();
        action.run();
    }

    /**
     * Runs {@code action} if the client goes away while watched (at once if it has gone already), on
     * the selector's thread: it must not block. Used to leave the queue for a synthesis slot, which
     * no router is watching yet.
     */
    void whenGone(Runnable action) {
        if (endPoint == null) {
            return; // not watching: the client cannot be seen to go
        }
        synchronized (this) {
            if (!gone) {
                onGone = action;
                return;
            }
        }
        action.run();
    }

    /** Whether the client went away while watched. */
    synchronized boolean gone() {
        return gone;
    }

    /**
     * Stops watching and hands the connection's read interest back to Jetty; call it on the request's
     * thread before the answer's head is written (idempotent). When the client pipelined bytes, marks
     * the answer {@code Connection: close}.
     */
    void release(Response response) {
        boolean closeAfter;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            closeAfter = pipelined;
        }
        // Completes our callback if it is still registered (a no-op now that released is set). Nobody
        // else can hold the interest meanwhile: Jetty reads again only after the answer completes.
        endPoint.getFillInterest().fillable();
        if (closeAfter && !response.isCommitted()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }
}
