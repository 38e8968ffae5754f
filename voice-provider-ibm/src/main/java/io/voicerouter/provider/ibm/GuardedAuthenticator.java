package io.voicerouter.provider.ibm;

import com.ibm.cloud.sdk.core.security.Authenticator;
import okhttp3.Request;

/**
 * Wraps the SDK's IAM authenticator so that a failure to get a token is told apart from a failure
 * of the service itself: IAM answers 400 for an unknown API key, which must read as bad
 * credentials, not as bad input. Caching and refreshing stay the SDK's.
 */
final class GuardedAuthenticator implements Authenticator {
    /** The IAM token could not be obtained; the cause is what the SDK threw. */
    static final class TokenFailure extends RuntimeException {
        TokenFailure(RuntimeException cause) {
            super("IAM token request failed", cause);
        }
    }

    private final Authenticator delegate;

    GuardedAuthenticator(Authenticator delegate) {
        this.delegate = delegate;
    }

    @Override
    public void validate() {
        delegate.validate();
    }

    @Override
    public String authenticationType() {
        return delegate.authenticationType();
    }

    @Override
    public void authenticate(Request.Builder builder) {
        try {
            delegate.authenticate(builder);
        } catch (RuntimeException e) {
            throw new TokenFailure(e);
        }
    }
}
