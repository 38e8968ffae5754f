package io.voicerouter.internal.io;

import io.voicerouter.error.OutputFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void write(Path file, String text) throws IOException {
        AtomicFiles.replace(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSymlinkIsFollowedAndStaysALink() throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("a.wav"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), Path.of("real/a.wav"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("link2.wav"), link);

        write(linkToLink, "new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.isSymbolicLink(linkToLink)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("new");
        assertNoTempFiles(dir);
        assertNoTempFiles(real.getParent());
    }

    @Test
    void aDanglingSymlinkCreatesTheFileItNames() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("target.json"));

        write(link, "{}");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("target.json"))).isEqualTo("{}");
    }

    @Test
    void aLoopOfLinksIsRefused() throws IOException {
        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));

        assertThatThrownBy(() -> write(a, "x")).isInstanceOf(OutputFileException.class)
                .hasMessageContaining("too many levels of symbolic links");
        assertNoTempFiles(dir);
    }

    @Test
    void anOverwrittenFileKeepsItsMode() throws IOException {
        Path file = Files.writeString(dir.resolve("out.wav"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        write(file, "new");

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
    }

    @Test
    void aNewFileGetsTheUmaskModeLikeAnyOtherNewFile() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference")); // 0666 less the umask
        Path file = dir.resolve("new.wav");

        write(file, "x");

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void anOverwrittenFileKeepsItsOwnerWhenThisProcessMaySetIt() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root may give a file away");
        Path file = Files.writeString(dir.resolve("owned.wav"), "old");
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("65534");
        Files.setOwner(file, nobody);

        write(file, "new");

        assertThat(Files.getOwner(file, LinkOption.NOFOLLOW_LINKS)).isEqualTo(nobody);
    }

    @Test
    void devNullIsWrittenIntoNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull) && Files.isWritable(devNull));

        write(devNull, "RIFF....");

        assertThat((Integer) Files.getAttribute(devNull, "unix:mode") & 0170000).as("still a character device")
                .isEqualTo(0020000);
        assertThat(Files.isRegularFile(devNull)).isFalse();
    }

    @Test
    void aFifoIsStreamedIntoForItsReader() throws Exception {
        Path fifo = dir.resolve("player.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is needed");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        write(fifo, "streamed");

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo("streamed");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).as("still a FIFO").isFalse();
        assertNoTempFiles(dir);
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));

        assertThatThrownBy(() -> write(sub, "x")).isInstanceOf(OutputFileException.class)
                .hasMessageContaining("is a directory");
        assertThat(sub).isDirectory();
    }

    @Test
    void aSocketIsRefusedAndStaysASocket() throws IOException {
        Path socket = dir.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));

            assertThatThrownBy(() -> write(socket, "x")).isInstanceOf(OutputFileException.class)
                    .hasMessageContaining("a socket");
            assertThat(Files.isRegularFile(socket)).isFalse();
            assertThat(Files.exists(socket)).isTrue();
        }
    }

    @Test
    void aFailedWriteLeavesTheTargetAndNoTempFile() throws IOException {
        Path file = Files.writeString(dir.resolve("keep.json"), "old");

        assertThatThrownBy(() -> AtomicFiles.replace(file, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full (simulated)");
        })).hasMessage("disk full (simulated)");

        assertThat(Files.readString(file)).isEqualTo("old");
        assertNoTempFiles(dir);
    }

    @Test
    void tempFilesAreRecognisedForCleanUp() {
        Path file = dir.resolve("stats.json");
        assertThat(AtomicFiles.isTempFileOf(file, dir.resolve(".stats.json.3k2j1.tmp"))).isTrue();
        assertThat(AtomicFiles.isTempFileOf(file, dir.resolve("stats.json"))).isFalse();
        assertThat(AtomicFiles.isTempFileOf(file, dir.resolve(".other.json.3k2j1.tmp"))).isFalse();
    }

    private static void assertNoTempFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
