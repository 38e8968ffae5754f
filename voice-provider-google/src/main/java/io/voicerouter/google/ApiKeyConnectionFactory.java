package io.voicerouter.google;

import com.google.api.client.http.javanet.ConnectionFactory;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Adds the API key to each connection to the configured endpoint, below google-http-client.
 *
 * <p>Why not gax's own {@code setApiKey}: it adds {@code x-goog-api-key} as an ordinary request
 * header, and google-http-client's request logging (JUL {@code com.google.api.client.http} at
 * CONFIG) prints every header except {@code Authorization} and {@code Cookie}, so turning that
 * logger up would print the key. Set here, on the {@link HttpURLConnection}, the key never passes
 * through any layer that logs. It is only sent to the endpoint's own host and port.
 */
final class ApiKeyConnectionFactory implements ConnectionFactory {
    static final String HEADER = "x-goog-api-key";

    private final String key;
    private final String host;
    private final int port;

    ApiKeyConnectionFactory(String key, URI endpoint) {
        this.key = key;
        this.host = endpoint.getHost().toLowerCase(Locale.ROOT);
        this.port = effectivePort(endpoint.getScheme(), endpoint.getPort());
    }

    @Override
    public HttpURLConnection openConnection(URL url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        if (url.getHost().toLowerCase(Locale.ROOT).equals(host)
                && effectivePort(url.getProtocol(), url.getPort()) == port) {
            connection.setRequestProperty(HEADER, key);
        }
        return connection;
    }

    private static int effectivePort(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "http".equalsIgnoreCase(scheme) ? 80 : 443;
    }

    @Override
    public String toString() {
        return "ApiKeyConnectionFactory[" + host + ":" + port + "]";
    }
}
