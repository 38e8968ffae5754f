package io.voicerouter.espeak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the espeak-ng command-line program, the reference the phonemizer is checked against. */
final class EspeakCli {
    private EspeakCli() {
    }

    /** Whether the {@code espeak-ng} program can be run here. */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code espeak-ng -q --ipa -v voice text}: one line per clause, as the program prints them. */
    static List<String> ipaLines(String voice, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("espeak-ng", "-q", "--ipa", "-v", voice, "--", text)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("espeak-ng failed for voice " + voice + ": " + out);
        }
        return new ArrayList<>(out.lines().toList());
    }
}
