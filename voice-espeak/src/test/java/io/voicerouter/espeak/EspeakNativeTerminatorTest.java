package io.voicerouter.espeak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The espeak-ng 1.52 path ({@code espeak_TextToPhonemesWithTerminator}) on a machine with 1.51: a
 * small C library (src/test/c/terminator_shim.c) adds the function on top of the real
 * libespeak-ng, a child JVM loads it, and its sentences must equal the 1.51 fallback's sentences
 * from this JVM. This checks the JNA call, the terminator mapping (including masking flag bits)
 * and sentence assembly of the native path. Skipped where gcc is missing.
 */
class EspeakNativeTerminatorTest {
    static final List<String> TEXTS = List.of(
            "Hello, world; this is: a test! Is it? Yes.",
            "I have 42 apples, and you have 3.50 dollars.",
            "Wait: what? No way! \"Really,\" he said (quietly).",
            "No punctuation at the end");

    @Test
    void nativeTerminatorPathMatchesTheTextFallback(@TempDir Path dir) throws Exception {
        assumeTrue(EspeakTestSupport.libraryAvailable(), "libespeak-ng is not installed");
        Path source = dir.resolve("terminator_shim.c");
        try (InputStream in = Files.newInputStream(Path.of("src/test/c/terminator_shim.c"))) {
            Files.copy(in, source);
        }
        Path shim = dir.resolve("libespeak-shim.so");
        assumeTrue(run(dir, "gcc", "-shared", "-fPIC", "-o", shim.toString(), source.toString(),
                "-l:libespeak-ng.so.1").exit == 0, "gcc could not build the shim");

        EspeakPhonemizer fallback = EspeakPhonemizer.load();
        assumeTrue(!fallback.nativeClauseTerminators(), "this libespeak-ng already has the function");
        List<String> expected = new ArrayList<>();
        for (String text : TEXTS) {
            expected.addAll(fallback.phonemize(text, "en-us"));
            expected.add("--");
        }

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Result child = run(dir, java, "-cp", System.getProperty("java.class.path"),
                "-D" + EspeakLoader.LIBRARY_PROPERTY + "=" + shim, NativeTerminatorMain.class.getName());
        assertThat(child.exit).as(child.output).isZero();
        List<String> lines = child.output.lines().filter(l -> !l.contains(" INFO ")).toList();
        assertThat(lines.get(0)).isEqualTo("native=true");
        assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out);
        }
        return new Result(p.exitValue(), out);
    }
}
