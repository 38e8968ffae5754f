package io.voicerouter.state;

import java.util.Optional;

/**
 * Monthly free-tier character counters shared by every router that uses the same store, so that N
 * processes or machines together never spend more than a quota. The router reserves a request's
 * characters before it calls a cloud service, then commits the reservation when the call was billed
 * or refunds it when it failed. A reservation that is neither (its process was killed) stops counting
 * at its {@linkplain QuotaReservation#expiresAt() expiry}.
 *
 * <p>Implementations are thread-safe and safe across processes: {@link #reserve} checks and takes
 * the characters in one atomic step (one database transaction or statement). Failures throw
 * {@link StateStoreException}; the router then makes no cloud call for that request (it fails closed)
 * and says so in the attempt trace.
 */
public interface QuotaStore {
    /**
     * Takes {@code characters} from {@code bucket}'s allowance for {@code month} ("2026-11") unless
     * committed usage plus live reservations plus {@code characters} would pass {@code limit}.
     *
     * @return the reservation, or empty when the quota has no room for it
     */
    Optional<QuotaReservation> reserve(String month, String bucket, long characters, long limit);

    /** The call was billed: the reservation's characters become committed usage. */
    void commit(QuotaReservation reservation);

    /** The call was not billed: the reservation's characters are free again. */
    void refund(QuotaReservation reservation);

    /** Committed usage plus live (unexpired) reservations of {@code bucket} in {@code month}. */
    long used(String month, String bucket);
}
