package io.voicerouter.router;

/** Why the router passed over a provider without calling it. */
public enum SkipReason {
    /** The personality's config has no entry for it, or {@code enabled} is false. */
    DISABLED,
    /** No installed provider has this id. */
    NOT_INSTALLED,
    /** Its {@code initialize} failed or it reports itself down. */
    UNAVAILABLE,
    /** The provider does not speak the requested language. */
    LANGUAGE_NOT_SUPPORTED_BY_PROVIDER,
    /** The personality's config does not list the language (for the provider or overall). */
    LANGUAGE_NOT_IN_CONFIG,
    /** Cooling down after failures (circuit breaker open). */
    CIRCUIT_OPEN,
    /** Its character quota for this month is used up. */
    QUOTA_EXHAUSTED,
    /**
     * It has a monthly quota and the saved count is unknown (the stats store was damaged at start),
     * so calling it could exceed the quota: it is skipped until the store is repaired or reset.
     */
    QUOTA_UNKNOWN,
    /** The request's deadline passed before its turn came. */
    DEADLINE_EXCEEDED
}
