package io.voicerouter.cloud;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {
    static final String KEY = "k3y-0f-the-test-5f1c";

    @Test
    void masksTheSecretAndCredentialShapedText() {
        String msg = "POST http://127.0.0.1:8443/v1/text:synthesize?key=AIzaSyA-abcdefghijklmnopqrstuvwxyz0123 "
                + "x-goog-api-key: " + KEY + " Ocp-Apim-Subscription-Key: abc123 Authorization: Bearer ya29.token-value"
                + " {\"access_token\":\"tok-1\",\"refresh_token\":\"r-2\"} apikey=plain-key "
                + "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl and " + KEY + " again";
        String red = Secrets.redact(msg, KEY);
        assertThat(red).doesNotContain(KEY, "AIzaSy", "abc123", "ya29", "tok-1", "r-2", "plain-key", "eyJ", "c2lnbmF0dXJl")
                .contains("key=***", "text:synthesize", "Bearer ***", "again");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Voice 'en-US-JennyNeural' not found (HTTP 400): check the region westeurope";
        assertThat(Secrets.redact(text, null)).isEqualTo(text);
        assertThat(Secrets.redact(text, "")).isEqualTo(text);
        assertThat(Secrets.redact(null, KEY)).isEmpty();
    }

    @Test
    void detailIsCollapsedRedactedAndClipped() {
        assertThat(Secrets.detail("  line one\n\n  line two  ", KEY)).isEqualTo(": line one line two");
        assertThat(Secrets.detail("echo " + KEY, KEY)).isEqualTo(": echo ***");
        assertThat(Secrets.detail("x".repeat(500), KEY)).hasSize(2 + 200 + 3).endsWith("...");
        assertThat(Secrets.detail(" ", KEY)).isEmpty();
        assertThat(Secrets.detail(null, KEY)).isEmpty();
    }

    @Test
    void safeCauseKeepsTheChainAndStackButNotTheSecret() {
        IOException root = new IOException("connect to https://h/?key=" + KEY + " failed");
        RuntimeException top = new RuntimeException("wrapped " + KEY, root);
        Throwable safe = Secrets.safeCause(top, KEY);
        StringWriter w = new StringWriter();
        safe.printStackTrace(new PrintWriter(w));
        assertThat(w.toString()).doesNotContain(KEY).contains("java.lang.RuntimeException: wrapped ***",
                "java.io.IOException", "SecretsTest");
        assertThat(safe.getCause()).isInstanceOf(Secrets.RedactedException.class);
        assertThat(safe.getStackTrace()).isEqualTo(top.getStackTrace());
        assertThat(Secrets.safeCause(null, KEY)).isNull();
    }
}
