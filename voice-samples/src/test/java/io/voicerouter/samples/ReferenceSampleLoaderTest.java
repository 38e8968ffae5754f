package io.voicerouter.samples;

import io.voicerouter.error.ErrorKind;
import io.voicerouter.error.ProviderException;
import io.voicerouter.spi.ProviderContext;
import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Locations to bytes and audio, with the provider's error kinds; remote ones from a loopback server. */
class ReferenceSampleLoaderTest {
    private static final ProviderContext LOOPBACK_OK = ProviderContext.builder()
            .option("p.sample_fetch.allow_http", "true").option("p.sample_fetch.allow_private_hosts", "true").build();

    @Test
    void pathFileUrlAndHttpGiveTheSameBytesAndAudio(@TempDir Path dir) throws Exception {
        byte[] wav = Fixtures.bytes("exit.wav");
        Path file = Files.write(dir.resolve("exit.wav"), wav);
        ReferenceSampleLoader loader = ReferenceSampleLoader.fromContext(LOOPBACK_OK, "p");
        try (LoopbackFileServer server = new LoopbackFileServer().put("/exit.wav", wav)) {
            ReferenceSampleLoader.Sample byPath = loader.read(file.toString());
            ReferenceSampleLoader.Sample byUrl = loader.read(file.toUri().toString());
            ReferenceSampleLoader.Sample remote = loader.read(server.uri("/exit.wav") + "?token=s3cret");
            assertThat(byPath.bytes()).isEqualTo(wav);
            assertThat(byUrl.sha256()).isEqualTo(byPath.sha256()).isEqualTo(remote.sha256())
                    .isEqualTo(SampleStore.sha256(wav));
            assertThat(byPath.name()).isEqualTo("exit.wav");
            assertThat(remote.name()).endsWith("/exit.wav").doesNotContain("s3cret");
            loader.read(server.uri("/exit.wav") + "?token=s3cret");
            assertThat(server.gets).hasValue(1); // kept per URL
            assertThat(loader.load(file.toString()).samples())
                    .containsExactly(SampleDecoder.decode(wav).audio().toMono().samples());
        }
    }

    @Test
    void failuresAreTheProvidersTypedErrors(@TempDir Path dir) throws Exception {
        ReferenceSampleLoader strict = ReferenceSampleLoader.fromContext(ProviderContext.builder().build(), "p");
        try (LoopbackFileServer server = new LoopbackFileServer().put("/exit.wav", Fixtures.bytes("exit.wav"))) {
            assertBadInput(() -> strict.read(server.uri("/exit.wav") + "?key=abc123"), "abc123");
            assertThat(server.requests).hasValue(0);
            ReferenceSampleLoader open = ReferenceSampleLoader.fromContext(LOOPBACK_OK, "p");
            assertBadInput(() -> open.read(server.uri("/missing.wav") + "?key=abc123"), "abc123");
        }
        assertBadInput(() -> strict.read("ftp://example.com/a.wav"), "ftp://example.com");
        assertBadInput(() -> strict.read(dir.resolve("none.wav").toString()), "\u0000");
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio at all, just some text");
        assertBadInput(() -> strict.decode(strict.read(text.toString())), "\u0000");
    }

    /** A FIFO blocked the loader forever; /dev/zero or a huge file were read whole into memory. */
    @Test
    void localSamplesMustBeRegularFilesWithinThePolicysSizeCap(@TempDir Path dir) throws Exception {
        ReferenceSampleLoader loader = ReferenceSampleLoader.fromContext(ProviderContext.builder().build(), "p");
        Path fifo = dir.resolve("pipe.wav");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            assertBadInput(() -> loader.read(fifo.toString()), "\u0000");
            assertBadInput(() -> loader.read(fifo.toUri().toString()), "\u0000");
        });
        assertThatThrownBy(() -> loader.read("/dev/zero")).hasMessageContaining("not a regular file");
        Path huge = dir.resolve("huge.wav");
        try (var ch = java.nio.channels.FileChannel.open(huge, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{0}), FetchPolicy.defaults().maxBytes()); // sparse
        }
        assertBadInput(() -> loader.read(huge.toString()), "\u0000");
        assertThatThrownBy(() -> loader.read(huge.toString())).hasMessageContaining("more than the");
    }

    private static void assertBadInput(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String absent) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_INPUT);
            assertThat(e.providerId()).isEqualTo("p");
            assertThat(e.getMessage()).doesNotContain(absent);
        });
    }

    @Test
    void aFetchPolicyOptionThatIsNeitherTrueNorFalseIsAnErrorNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferenceSampleLoader.fromContext(ProviderContext.builder()
                        .option("p.sample_fetch.allow_http", "yes").build(), "p"))
                .isInstanceOfSatisfying(io.voicerouter.error.InvalidOptionException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.option()).isEqualTo("p.sample_fetch.allow_http"));
    }
}
