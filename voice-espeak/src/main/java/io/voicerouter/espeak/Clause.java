package io.voicerouter.espeak;

/**
 * One clause as espeak-ng reads it: its IPA phonemes, the punctuation Piper keeps after it (empty
 * when none) and whether it ends a sentence.
 */
record Clause(String phonemes, String punctuation, boolean endsSentence) {
}
