package io.voicerouter.provider.google;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.texttospeech.v1.TextToSpeechClient;
import com.google.cloud.texttospeech.v1.TextToSpeechSettings;
import io.voicerouter.cloud.Secrets;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Builds the official client on its HTTP/JSON transport with our credentials, endpoint and retries. */
final class GoogleClients {
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private GoogleClients() {
    }

    static TextToSpeechClient create(GoogleTtsOptions options) {
        CredentialsProvider credentials;
        if (options.apiKeyValue().isPresent()) {
            credentials = NoCredentialsProvider.create();
        } else if (options.credentialsPath().isPresent()) {
            credentials = FixedCredentialsProvider.create(load(options.credentialsPath().get()));
        } else {
            throw new ProviderException(GoogleTtsProvider.ID, ErrorKind.MISCONFIGURED,
                    "no credentials: set " + GoogleTtsOptions.API_KEY + " or " + GoogleTtsOptions.CREDENTIALS_FILE
                            + " (or the environment variables " + GoogleTtsOptions.API_KEY_ENV + " / "
                            + GoogleTtsOptions.CREDENTIALS_ENV + ")");
        }
        try {
            TextToSpeechSettings.Builder settings = TextToSpeechSettings.newHttpJsonBuilder()
                    .setEndpoint(options.gaxEndpoint())
                    .setCredentialsProvider(credentials)
                    .setTransportChannelProvider(TextToSpeechSettings.defaultHttpJsonTransportProviderBuilder()
                            .setHttpTransport(new JdkHttpTransport(options.endpoint(),
                                    options.apiKeyValue().orElse(null), options.timeout()))
                            .build());
            RetrySettings once = singleAttempt(options.timeout());
            settings.synthesizeSpeechSettings().setRetryableCodes(Set.of()).setRetrySettings(once);
            settings.listVoicesSettings().setRetryableCodes(Set.of()).setRetrySettings(once);
            return TextToSpeechClient.create(settings.build());
        } catch (IOException e) {
            throw new ProviderException(GoogleTtsProvider.ID, ErrorKind.MISCONFIGURED,
                    "cannot create the Google client: " + e.getClass().getSimpleName(), Secrets.safeCause(e, null));
        }
    }

    /**
     * One attempt bounded by our timeout. The generated defaults retry UNAVAILABLE and
     * DEADLINE_EXCEEDED with back-off for up to 300 s, which hides an outage from the router, whose
     * job it is to retry once and then fall back to the next provider.
     */
    static RetrySettings singleAttempt(Duration timeout) {
        return RetrySettings.newBuilder()
                .setMaxAttempts(1)
                .setTotalTimeoutDuration(timeout)
                .setInitialRpcTimeoutDuration(timeout)
                .setMaxRpcTimeoutDuration(timeout)
                .setRpcTimeoutMultiplier(1.0)
                .setInitialRetryDelayDuration(Duration.ZERO)
                .setMaxRetryDelayDuration(Duration.ZERO)
                .setRetryDelayMultiplier(1.0)
                .setJittered(false)
                .build();
    }

    private static com.google.auth.Credentials load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            GoogleCredentials credentials = GoogleCredentials.fromStream(in);
            if (credentials instanceof ServiceAccountCredentials sa) {
                // A self-signed JWT carries the scope itself, so no token exchange with
                // oauth2.googleapis.com is needed: one round trip less and one dependency less.
                return new SelfSignedJwtCredentials(
                        ((ServiceAccountCredentials) sa.createScoped(List.of(SCOPE))).createWithUseJwtAccessWithScope(true));
            }
            return credentials.createScoped(List.of(SCOPE));
        } catch (NoSuchFileException e) {
            throw new ProviderException(GoogleTtsProvider.ID, ErrorKind.MISCONFIGURED,
                    "credentials file not found: " + file);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the file; the file holds a private key.
            throw new ProviderException(GoogleTtsProvider.ID, ErrorKind.MISCONFIGURED,
                    "cannot read service-account credentials from " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
