package io.voicerouter.state;

import java.time.Instant;
import java.util.Objects;

/**
 * Characters held for one cloud call until it is committed or refunded, or until {@code expiresAt},
 * after which the store no longer counts them (the process holding it is presumed dead).
 */
public record QuotaReservation(String id, String month, String bucket, long characters, Instant expiresAt) {
    public QuotaReservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (characters < 0) {
            throw new IllegalArgumentException("characters must not be negative");
        }
    }
}
