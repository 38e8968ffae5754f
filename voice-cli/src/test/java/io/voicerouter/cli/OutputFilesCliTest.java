package io.voicerouter.cli;

import io.voicerouter.audio.DecodedWav;
import io.voicerouter.audio.WavCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code voice say -o}: links are followed, modes kept, devices written into, {@code -} is standard output. */
class OutputFilesCliTest {
    @TempDir
    Path dir;

    private CliRun say(String output) {
        return CliRun.of("say", "Hello.", "-o", output, "--data-dir", dir.resolve("data").toString());
    }

    @Test
    void devNullStaysADevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.isWritable(devNull));

        CliRun r = say("/dev/null");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat((Integer) Files.getAttribute(devNull, "unix:mode") & 0170000).as("a character device")
                .isEqualTo(0020000);
    }

    @Test
    void aFifoWithAnyNameGetsTheWavStreamedIntoIt() throws Exception {
        Path fifo = dir.resolve("player.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is needed");
        java.util.concurrent.CompletableFuture<byte[]> player = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (java.io.InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        CliRun r = say(fifo.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(WavCodec.read(player.get(30, java.util.concurrent.TimeUnit.SECONDS)).audio().rms()).isGreaterThan(0.01);
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
    }

    @Test
    void aLinkIsFollowedAndTheTargetKeepsItsMode() throws Exception {
        Path target = Files.writeString(dir.resolve("target.wav"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-rw-r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), target.getFileName());

        CliRun r = say(link.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(WavCodec.read(target).audio().durationSeconds()).isPositive();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-rw-r--");
    }

    @Test
    void aDirectoryIsATypedOneLineError() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));

        CliRun r = say(sub.toString());

        assertThat(r.exit()).isEqualTo(ErrorHandler.EXIT_BAD_INPUT);
        assertThat(r.err().lines().filter(l -> l.startsWith("voice: "))).singleElement()
                .satisfies(l -> assertThat(l).contains("is a directory"));
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(sub).isDirectory();
    }

    @Test
    void dashWritesTheWavToStandardOutputAndTheReportToStandardError() {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = VoiceCli.run("say", "Hello.", "-o", "-", "--data-dir", dir.resolve("data").toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }

        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        DecodedWav wav = WavCodec.read(out.toByteArray());
        assertThat(wav.audio().rms()).isGreaterThan(0.01);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("from espeak");
        assertThat(dir.resolve("-")).doesNotExist();
        assertThat(Files.exists(dir.resolve("data"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
