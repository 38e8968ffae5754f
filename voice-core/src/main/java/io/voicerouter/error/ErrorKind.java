package io.voicerouter.error;

/**
 * Why one provider failed one request. The router decides on retries, cool-downs and health from
 * the kind alone, so every provider maps its own failures onto these.
 */
public enum ErrorKind {
    /** The call ran out of time (network or inference). Transient. */
    TIMEOUT(Category.TRANSIENT),
    /** The service answered 5xx or the engine failed in a way a retry may fix. Transient. */
    SERVER_ERROR(Category.TRANSIENT),
    /** 429 or an engine's own back-pressure; honour the retry-after hint. Transient. */
    RATE_LIMITED(Category.TRANSIENT),
    /** Credentials missing, wrong or revoked. The provider is broken until someone fixes it. */
    AUTHENTICATION(Category.BROKEN),
    /** A model or voice file is missing or unreadable. Broken. */
    MODEL_MISSING(Category.BROKEN),
    /** The provider's installation or settings are wrong in a way no retry fixes. Broken. */
    MISCONFIGURED(Category.BROKEN),
    /** This text, setting or sample cannot be spoken by this provider; says nothing of its health. */
    BAD_INPUT(Category.INPUT),
    /** The language is not one this provider speaks; says nothing of its health. */
    UNSUPPORTED_LANGUAGE(Category.INPUT),
    /** The provider's usage quota is used up for this period. */
    QUOTA_EXHAUSTED(Category.QUOTA),
    /** A bug or an unclassified failure; treated as transient. */
    INTERNAL(Category.TRANSIENT);

    /** The groups the router acts on. */
    public enum Category { TRANSIENT, BROKEN, INPUT, QUOTA }

    private final Category category;

    ErrorKind(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    /** Whether a failure of this kind should count against the provider's health (circuit breaker). */
    public boolean countsAgainstHealth() {
        return category == Category.TRANSIENT || category == Category.BROKEN;
    }
}
