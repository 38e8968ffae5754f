package io.voicerouter.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared helpers of the real-server harnesses: free loopback ports, binaries, running as non-root. */
public final class LocalServers {
    private LocalServers() {
    }

    /** A port free on 127.0.0.1 right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The binary, or a JUnit assumption failure naming the Debian package that has it. */
    public static Path requireBinary(Optional<Path> binary, String what, String debianPackage) {
        if (binary.isEmpty()) { // JUnit is touched only here, so benchmarks can start servers without it
            Assumptions.abort(what + " is not installed (apt-get install " + debianPackage
                    + "; .ci/run installs it), so this test cannot start a real server");
        }
        return binary.get();
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Hands {@code dir} and everything in it to the user {@code nobody} (servers that refuse root). */
    public static void giveToNobody(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal nobody = lookup.lookupPrincipalByName("nobody");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                v.setOwner(nobody);
                v.setGroup(group);
            }
        }
    }

    /** The command, run as {@code nobody} when this JVM is root. */
    public static List<String> asServiceUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        // by absolute path: CI's PATH need not include the sbin folders
        String runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser"
                : Files.isExecutable(Path.of("/sbin/runuser")) ? "/sbin/runuser" : "runuser";
        List<String> out = new ArrayList<>(List.of(runuser, "-u", "nobody", "--"));
        out.addAll(command);
        return out;
    }

    /** Runs a command to completion; its output goes to {@code log}. */
    public static void run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
