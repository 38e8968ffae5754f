package io.voicerouter.espeak;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Child-process entry of {@link EspeakNativeTerminatorTest}: espeak-ng is process-global, so the
 * library with {@code espeak_TextToPhonemesWithTerminator} is loaded in a JVM of its own.
 * Prints whether the native path is in use, then each text's sentences, one per line.
 */
public final class NativeTerminatorMain {
    private NativeTerminatorMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EspeakPhonemizer phonemizer = EspeakPhonemizer.load();
        out.println("native=" + phonemizer.nativeClauseTerminators());
        for (String text : EspeakNativeTerminatorTest.TEXTS) {
            for (String sentence : phonemizer.phonemize(text, "en-us")) {
                out.println(sentence);
            }
            out.println("--");
        }
    }
}
