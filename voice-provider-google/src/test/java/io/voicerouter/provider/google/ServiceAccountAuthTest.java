package io.voicerouter.provider.google;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.voicerouter.provider.google.GoogleTtsProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Service-account credentials (GOOGLE_APPLICATION_CREDENTIALS): the client signs a JWT with the
 * account's key locally, so no token server is involved; the fake verifies the signature.
 */
class ServiceAccountAuthTest {
    static final String EMAIL = "tts-test@voicerouter-test.iam.gserviceaccount.com";
    /** RSA key generation is slow on a loaded machine: two pairs for the whole class. */
    static KeyPair trusted;
    static KeyPair other;

    @org.junit.jupiter.api.BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024); // test-only keys; the size does not change what is checked
        trusted = gen.generateKeyPair();
        other = gen.generateKeyPair();
    }

    @Test
    void serviceAccountFileFromTheEnvironmentSignsRequests(@TempDir Path dir) throws Exception {
        KeyPair pair = trusted;
        Path file = dir.resolve("sa.json");
        Files.writeString(file, serviceAccountJson(pair));

        try (FakeGoogleTts fake = new FakeGoogleTts("unused-key");
             TtsProvider provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                     .environment(Map.of("GOOGLE_APPLICATION_CREDENTIALS", file.toString()))
                     .option("google_tts.endpoint", fake.endpoint())
                     .build())) {
            fake.acceptServiceAccount(EMAIL, pair.getPublic());
            provider.initialize();
            assertThat(provider.synthesize(request("Signed.", "en-US-Neural2-D", Map.of())).audio().frames()).isPositive();

            FakeGoogleTts.Received call = fake.synthesizeRequests().get(0);
            assertThat(call.headers().getFirst("Authorization")).startsWith("Bearer ");
            assertThat(call.headers().getFirst("x-goog-api-key")).isNull();
            assertThat(fake.lastJwtClaims().path("iss").asText()).isEqualTo(EMAIL);
        }
    }

    @Test
    void aKeyTheServiceDoesNotKnowIsAuthentication(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sa.json");
        Files.writeString(file, serviceAccountJson(other));
        try (FakeGoogleTts fake = new FakeGoogleTts("unused-key");
             TtsProvider provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                     .environment(Map.of())
                     .option("google_tts.credentials_file", file.toString())
                     .option("google_tts.endpoint", fake.endpoint())
                     .build())) {
            fake.acceptServiceAccount(EMAIL, trusted.getPublic());
            ProviderException e = catchThrowableOfType(ProviderException.class, provider::initialize);
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(e.getMessage()).doesNotContain("PRIVATE KEY");
        }
    }

    @Test
    void unreadableCredentialsFileIsMisconfiguredWithoutItsContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"type\": \"service_account\", \"private_key\": \"not-a-key-SECRETSECRET\"}");
        try (TtsProvider provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of()).option("google_tts.credentials_file", file.toString()).build())) {
            ProviderException e = catchThrowableOfType(ProviderException.class, provider::initialize);
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e.getMessage()).contains(file.toString()).doesNotContain("SECRETSECRET");
        }
        try (TtsProvider provider = new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of()).option("google_tts.credentials_file", dir.resolve("missing.json").toString()).build())) {
            ProviderException e = catchThrowableOfType(ProviderException.class, provider::initialize);
            assertThat(e.kind()).isEqualTo(ErrorKind.MISCONFIGURED);
            assertThat(e.getMessage()).contains("not found");
        }
    }

    private static String serviceAccountJson(KeyPair pair) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, Object> sa = new LinkedHashMap<>();
        sa.put("type", "service_account");
        sa.put("project_id", "voicerouter-test");
        sa.put("private_key_id", "0123456789abcdef");
        sa.put("private_key", pem);
        sa.put("client_email", EMAIL);
        sa.put("client_id", "1234567890");
        sa.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        // Unreachable on purpose: a token exchange would fail the test; self-signed JWTs need none.
        sa.put("token_uri", "http://127.0.0.1:9/token");
        return new ObjectMapper().writeValueAsString(sa);
    }
}
