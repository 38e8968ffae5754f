package io.voicerouter.fuzz;

import io.voicerouter.error.VoiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The rules every fuzz case is held to: it ends within {@link #CASE_LIMIT} in success or a
 * {@link VoiceException} with a message, nothing else (no other exception, no JVM error, no hang),
 * and no file outside the test's temp folder changes ({@link FileGuard}). Seeds are fixed so every
 * failure names a case that reproduces.
 */
final class Fuzz {
    /** Far above any case's normal time (milliseconds), far below "hangs". */
    static final Duration CASE_LIMIT = Duration.ofSeconds(20);

    private Fuzz() {
    }

    @FunctionalInterface
    interface Case {
        void run() throws Exception;
    }

    /** Runs one case under the rules; {@code what} names it in a failure. */
    static void check(String what, Case body) {
        Throwable unexpected = assertTimeoutPreemptively(CASE_LIMIT, () -> {
            try {
                body.run();
                return null;
            } catch (VoiceException expected) {
                return expected.getMessage() == null || expected.getMessage().isBlank()
                        ? new AssertionError("a " + expected.getClass().getName() + " without a message", expected)
                        : null;
            } catch (Throwable t) {
                return t;
            }
        }, () -> "no outcome within " + CASE_LIMIT.toSeconds() + " s: " + what);
        if (unexpected != null) {
            throw new AssertionError("neither success nor a VoiceException: " + what + "\n  -> " + unexpected, unexpected);
        }
    }

    /** A text as Java source would spell it, cut to {@code max} characters, for failure messages. */
    static String show(String s, int max) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(max).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\') {
                b.appendCodePoint(cp);
            } else if (cp <= 0xFFFF) {
                b.append(String.format("\\u%04X", cp));
            } else {
                b.append(String.format("\\u{%X}", cp));
            }
        });
        b.append('"');
        long total = s.codePoints().count();
        if (total > max) {
            b.append(" ... (").append(total).append(" code points)");
        }
        return b.toString();
    }

    /**
     * What the files under some folders look like (size and modification time of each), to show that
     * a fuzz run changed nothing outside its own temp folder. Build output folders are left out.
     */
    static final class FileGuard {
        private static final Set<String> SKIPPED = Set.of("target", ".git", "node_modules");
        private final List<Path> roots;
        private final Map<String, String> before;

        private FileGuard(List<Path> roots) {
            this.roots = roots;
            this.before = fingerprint();
        }

        /** The repository this build runs in, and the default data folder a careless default would use. */
        static FileGuard ofRepositoryAndHome() {
            List<Path> roots = new ArrayList<>();
            Path module = Path.of("").toAbsolutePath();
            roots.add(Files.exists(module.resolveSibling("pom.xml")) ? module.getParent() : module);
            roots.add(Path.of(System.getProperty("user.home"), ".cache", "voicerouter"));
            return new FileGuard(roots);
        }

        void assertUnchanged() {
            Map<String, String> after = fingerprint();
            Map<String, String> changed = new TreeMap<>();
            before.forEach((f, v) -> {
                if (!Objects.equals(after.get(f), v)) {
                    changed.put(f, after.containsKey(f) ? "changed" : "deleted");
                }
            });
            after.keySet().stream().filter(f -> !before.containsKey(f)).forEach(f -> changed.put(f, "created"));
            assertThat(changed).as("files outside the test's temp folder").isEmpty();
        }

        private Map<String, String> fingerprint() {
            Map<String, String> out = new TreeMap<>();
            for (Path root : roots) {
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try {
                    Files.walkFileTree(root, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return SKIPPED.contains(String.valueOf(dir.getFileName())) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            out.put(file.toString(), attrs.size() + "@" + attrs.lastModifiedTime().toMillis());
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        }
    }
}
