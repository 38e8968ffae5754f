package io.voicerouter.cli;

import io.voicerouter.testing.LoopbackFileServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad command-line input ends in one line on stderr and the documented exit code (2 bad input, 1 a
 * file that could not be read or written), never a stack trace or a hang. Each of these used to
 * print a stack trace, hang on a FIFO, or read a file whole into memory.
 */
class CliBadInputTest {
    @TempDir
    Path dir;

    private CliRun say(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("say", "--data-dir", dir.toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertOneLine(CliRun r, int exit, String contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err()).contains(contains).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip().lines().filter(l -> !l.contains(" INFO ") && !l.contains(" WARN "))).hasSize(1);
    }

    @Test
    void blankTextIsOneLineAndExitTwo() {
        assertOneLine(say("-o", dir.resolve("x.wav").toString(), "  "), 2, "the text is blank");
    }

    @Test
    void textOverTheRoutersLimitIsRefusedUpFront() {
        assertOneLine(say("-o", dir.resolve("x.wav").toString(), "a".repeat(10_001)), 2, "at most 10000");
        assertThat(Files.exists(dir.resolve("x.wav"))).isFalse();
        assertThat(CliRun.of("providers", "--data-dir", dir.toString()).out()).contains("longer than 10000 characters");
    }

    @Test
    void timeoutsThatAreNotAPositiveNumberOfSecondsAreRefused() {
        for (String t : List.of("-1", "0", "NaN", "1e300", "Infinity", "-Infinity")) {
            assertOneLine(say("--timeout", t, "-o", dir.resolve("x.wav").toString(), "Hi."), 2, "--timeout must be");
        }
        assertThat(Files.exists(dir.resolve("x.wav"))).isFalse();
    }

    @Test
    void outputThatIsADirectoryOrEmptyIsRefusedBeforeSpeaking() {
        assertOneLine(say("-o", dir.toString(), "Hi."), 2, "is a directory");
        assertOneLine(say("-o", "", "Hi."), 2, "-o/--output is empty");
    }

    @Test
    void missingOrDirectoryConfigIsRefused() {
        assertOneLine(say("-c", dir.resolve("nope.json").toString(), "-o", dir.resolve("x.wav").toString(), "Hi."),
                2, "no such file");
        assertOneLine(say("-c", dir.toString(), "-o", dir.resolve("x.wav").toString(), "Hi."), 2, "is a directory");
        assertOneLine(CliRun.of("config", "validate", dir.resolve("nope.json").toString()), 2, "no such file");
    }

    @Test
    void aFifoAsConfigOrSampleIsRefusedNotWaitedOn() throws Exception {
        Path fifo = dir.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is not available");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertOneLine(CliRun.of("config", "validate", fifo.toString()), 2, "not a regular file");
            assertOneLine(say("-c", fifo.toString(), "-o", dir.resolve("x.wav").toString(), "Hi."), 2, "not a regular file");
            assertOneLine(CliRun.of("sample", "check", fifo.toString()), 2, "not a regular file");
        });
    }

    @Test
    void sampleCheckCapsTheSizeBeforeReading() throws IOException {
        assertOneLine(CliRun.of("sample", "check", "/dev/zero"), 2, "not a regular file");
        Path huge = dir.resolve("huge.wav");
        try (FileChannel ch = FileChannel.open(huge, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{0}), 1_500_000_000L); // sparse: 1.5 GB on paper, nothing on disk
        }
        assertOneLine(CliRun.of("sample", "check", huge.toString()), 2, "more than the 26214400 bytes allowed");
        assertOneLine(CliRun.of("sample", "check", dir.resolve("missing.wav").toString()), 1, "missing.wav");
    }

    @Test
    void sampleCheckFetchesUrlsThroughTheSampleFetchPolicy() throws Exception {
        Path wav = dir.resolve("sample.wav");
        assertThat(say("-o", wav.toString(), "This is a short recording of a test voice for the sample checker.").exit())
                .isZero();
        try (LoopbackFileServer server = new LoopbackFileServer().put("/s.wav", Files.readAllBytes(wav))) {
            String url = server.uri("/s.wav").toString() + "?token=secret123";
            // The policy's defaults: https to public hosts only.
            CliRun refused = CliRun.of("sample", "check", url);
            assertOneLine(refused, 2, "plain http is not allowed");
            CliRun fetched = CliRun.of("sample", "check", url, "--allow-http", "--allow-private-hosts");
            assertThat(fetched.out()).as(fetched.err()).contains("quality score").doesNotContain("secret123");
            assertThat(fetched.exit()).isIn(0, 3);
        }
        CliRun file = CliRun.of("sample", "check", wav.toUri().toString());
        assertThat(file.out()).as(file.err()).contains("quality score");
        assertOneLine(CliRun.of("sample", "check", "ftp://example.com/x.wav"), 2, "unsupported URL scheme");
    }

    /** A disk that fills up while the WAV is written: a tmpfs of 16 KiB, where root may mount one. */
    @Test
    void aFullDiskIsOneLineAndExitOne() throws Exception {
        Path small = Files.createDirectory(dir.resolve("small"));
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", small.toString())
                .redirectErrorStream(true).start().waitFor() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (not root)");
        try {
            CliRun r = say("-o", small.resolve("out.wav").toString(),
                    "This sentence is long enough to need far more than sixteen kilobytes of audio.");
            assertOneLine(r, 1, "No space left on device");
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    @Test
    void configValidateRunsTheProvidersOwnChecks() throws IOException {
        Path config = dir.resolve("c.json");
        Files.writeString(config, """
                {"active_provider": "espeak",
                 "providers": {"espeak": {"enabled": true, "settings": {"voice": "en+%s", "pitch": 18446744073709551666}}}}
                """.formatted("x".repeat(37)));
        CliRun r = CliRun.of("config", "validate", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).contains("providers.espeak.settings.pitch: pitch must be between 0 and 99, got 18446744073709551666");
        Files.writeString(config, """
                {"active_provider": "espeak", "providers": {"espeak": {"enabled": true, "voice_id": "en+%s"}}}
                """.formatted("x".repeat(37)));
        CliRun id = CliRun.of("config", "validate", config.toString());
        assertThat(id.exit()).isEqualTo(2);
        assertThat(id.out()).contains("ERROR  providers.espeak.voice_id:").contains("at most 32");
    }
}
