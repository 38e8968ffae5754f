package io.voicerouter.provider.google;

import io.voicerouter.cloud.testing.LogCapture;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.spi.TtsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voicerouter.provider.google.GoogleTtsProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every path (success, wrong key, rate limit, server error, time-out) with all logging turned
 * up (SLF4J at debug, captured from System.err where slf4j-simple writes; JUL at ALL for the Google
 * HTTP stack and the JDK's HttpURLConnection), then searches logs, exception messages, stack traces
 * and toString() output for the key.
 */
class SecretLeakTest {
    static final String KEY = "s3cr3t-k3y-0f-th3-t3st-9d41";
    static final List<String> LOGGERS = List.of("com.google", "io.voicerouter",
            "sun.net.www.protocol.http.HttpURLConnection", "");

    FakeGoogleTts fake;
    LogCapture logs;

    @BeforeEach
    void captureLogs() throws Exception {
        fake = new FakeGoogleTts(KEY);
        logs = new LogCapture(LOGGERS.toArray(String[]::new));
    }

    @AfterEach
    void restore() {
        logs.close();
        fake.close();
    }

    private static TtsProvider provider(String key, String endpoint, String timeout) {
        return new GoogleTtsProviderFactory().create(ProviderContext.builder()
                .environment(Map.of("GOOGLE_API_KEY", key))
                .option("google_tts.endpoint", endpoint)
                .option("google_tts.timeout", timeout)
                .build());
    }

    @Test
    void theKeyAppearsInNoLogExceptionOrToString() {
        List<String> seen = new ArrayList<>();
        // Generous for the calls that answer (all logging is on and CI machines are slow); short for the hang.
        try (TtsProvider p = provider(KEY, fake.endpoint(), "10s");
             TtsProvider hanging = provider(KEY, fake.endpoint(), "400ms")) {
            seen.add(p.toString());
            seen.add(GoogleTtsOptions.from(ProviderContext.builder().option("google_tts.api_key", KEY).build()).toString());
            p.initialize();
            p.synthesize(request("Hello & welcome.", "en-US-Neural2-D", Map.of()));

            fake.failNext(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", Map.of("Retry-After", "3"), List.of());
            seen.add(describe(failure(p)));
            fake.failNext(500, "INTERNAL", "Internal error encountered.", Map.of(), List.of());
            seen.add(describe(failure(p)));
            fake.hangNext();
            seen.add(describe(failure(hanging)));
            seen.add(p.health().toString());
        }
        // The service echoing the key back must not get it through either.
        String wrongKey = KEY + "-revoked";
        try (TtsProvider wrong = provider(wrongKey, fake.endpoint(), "5s")) {
            fake.failNext(400, "INVALID_ARGUMENT", "API key not valid: " + wrongKey, Map.of(), List.of(Map.of(
                    "@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID")));
            seen.add(describe(failure(wrong)));
            seen.add(wrong.health().toString());
        }

        // The key did travel, in the header the service reads.
        assertThat(fake.synthesizeRequests().get(0).headers().getFirst("x-goog-api-key")).isEqualTo(KEY);
        String captured = logs.text();
        // The capture works: the HTTP stack's request log and our own log lines are there.
        assertThat(captured).contains("text:synthesize").contains("google_tts");
        for (String s : seen) {
            assertThat(s).doesNotContain(KEY).doesNotContain(wrongKey);
        }
        assertThat(captured).doesNotContain(KEY);
    }

    /**
     * A service (or a proxy before it) that echoes the key in a header and in the error message:
     * google-http-client logs response headers and bodies at CONFIG, so with JUL at ALL the key
     * reached the log, and gax copies the error message into its exception.
     */
    @Test
    void aKeyTheServiceEchoesIsScrubbedBeforeAnyLoggerOrExceptionSeesIt() {
        fake.echoKeys();
        List<String> seen = new ArrayList<>();
        try (TtsProvider p = provider(KEY, fake.endpoint(), "10s")) {
            p.initialize();
            p.synthesize(request("Hello & welcome.", "en-US-Neural2-D", Map.of()));
            fake.failNext(403, "PERMISSION_DENIED", "Key " + KEY + " may not call this API.", Map.of(), List.of());
            seen.add(describe(failure(p)));
        }
        String wrongKey = "w" + KEY;
        try (TtsProvider wrong = provider(wrongKey, fake.endpoint(), "10s")) {
            seen.add(describe(failure(wrong)));
        }
        String captured = logs.text();
        // The HTTP stack's CONFIG response log is captured, echoed header included, with the key scrubbed.
        assertThat(captured).containsIgnoringCase("x-echoed-api-key: " + JdkHttpTransport.REDACTED)
                .contains("API key not valid: " + JdkHttpTransport.REDACTED);
        assertThat(captured).doesNotContain(KEY);
        for (String s : seen) {
            assertThat(s).doesNotContain(KEY);
        }
        assertThat(String.join("\n", seen)).contains("may not call this API");
    }

    @Test
    void redactionReplacesEveryOccurrenceAndLeavesOtherBytesAlone() {
        byte[] in = ("a" + KEY + "b" + KEY + KEY + "c").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new String(JdkHttpTransport.redact(in, KEY), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("a[redacted]b[redacted][redacted]c");
        byte[] audio = {1, 2, 3, 's', '3', 'c'};
        assertThat(JdkHttpTransport.redact(audio, KEY)).isSameAs(audio);
    }

    private static ProviderException failure(TtsProvider p) {
        try {
            p.synthesize(request("Hello.", "en-US-Neural2-D", Map.of()));
        } catch (ProviderException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    /** Message, toString and the full printed stack trace with every cause. */
    private static String describe(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return t + "\n" + t.getMessage() + "\n" + w;
    }
}
