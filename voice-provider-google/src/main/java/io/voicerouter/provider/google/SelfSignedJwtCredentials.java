package io.voicerouter.provider.google;

import com.google.auth.Credentials;
import com.google.auth.oauth2.ServiceAccountCredentials;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Service-account credentials that only ever sign JWTs locally. google-auth's HTTP adapter answers
 * a 401 by calling {@link #refresh()}, which for a service account means a token exchange with
 * {@code oauth2.googleapis.com} and several back-off retries: seconds of delay, a SEVERE log line
 * and a dependency on a second service, all to learn what the 401 already said. Self-signed JWTs
 * need no refresh, so here it does nothing and the 401 reaches us at once.
 */
final class SelfSignedJwtCredentials extends Credentials {
    private final ServiceAccountCredentials delegate;

    SelfSignedJwtCredentials(ServiceAccountCredentials delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getAuthenticationType() {
        return delegate.getAuthenticationType();
    }

    @Override
    public String getUniverseDomain() throws IOException {
        return delegate.getUniverseDomain();
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) throws IOException {
        return delegate.getRequestMetadata(uri);
    }

    @Override
    public boolean hasRequestMetadata() {
        return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
        return true;
    }

    @Override
    public void refresh() {
        // Nothing to refresh: each JWT is signed locally and renewed by the delegate before it expires.
    }

    @Override
    public String toString() {
        return "SelfSignedJwtCredentials[" + delegate.getClientEmail() + "]";
    }
}
