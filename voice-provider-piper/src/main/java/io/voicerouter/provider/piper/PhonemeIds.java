package io.voicerouter.provider.piper;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Phoneme strings to model input ids, exactly as Piper builds them: {@code ^}, {@code _}, then each
 * phoneme's ids followed by {@code _}'s, then {@code $}. Phonemes are the NFD code points of the
 * input; one the voice does not know is skipped and reported to {@code missing}.
 */
final class PhonemeIds {
    static final String PAD = "_";
    static final String BOS = "^";
    static final String EOS = "$";

    private PhonemeIds() {
    }

    /** The NFD code points of {@code text}, one string each. */
    static List<String> codepoints(String text) {
        String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        List<String> out = new ArrayList<>(nfd.length());
        nfd.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    /**
     * Merges the voice's {@code vowel_clusters} in one sentence's phonemes, as piper1-gpl's espeak
     * phonemizer does ({@code _merge_known_vowel_clusters}): at each position the longest listed
     * cluster that starts there becomes one phoneme (its code points joined), so with
     * {@code ["a","ɪ"]} and {@code ["a","ɪ","ə"]} listed, "aɪə" is one phoneme, not "aɪ" + "ə".
     * A multi-code-point key of {@code phoneme_id_map} alone merges nothing: piper1-gpl's default
     * map has "aɪ", "oʊ", ... in every voice, and voices trained without clusters never saw them.
     */
    static List<String> mergeVowelClusters(List<String> phonemes, PiperVoiceConfig voice) {
        List<List<String>> clusters = voice.vowelClusters();
        if (clusters.isEmpty()) {
            return phonemes;
        }
        List<String> out = new ArrayList<>(phonemes.size());
        int i = 0;
        while (i < phonemes.size()) {
            List<String> match = null;
            for (List<String> cluster : clusters) { // longest first
                int end = i + cluster.size();
                if (end <= phonemes.size() && phonemes.subList(i, end).equals(cluster)) {
                    match = cluster;
                    break;
                }
            }
            if (match == null) {
                out.add(phonemes.get(i++));
            } else {
                out.add(String.join("", match));
                i += match.size();
            }
        }
        return out;
    }

    static long[] build(List<String> phonemes, PiperVoiceConfig voice, Consumer<String> missing) {
        long[] pad = voice.ids(PAD).orElseThrow();
        LongList ids = new LongList(phonemes.size() * 2 + 4);
        ids.add(voice.ids(BOS).orElseThrow());
        ids.add(pad);
        for (String phoneme : phonemes) {
            Optional<long[]> found = voice.ids(phoneme);
            if (found.isEmpty()) {
                missing.accept(phoneme);
                continue;
            }
            ids.add(found.get());
            ids.add(pad);
        }
        ids.add(voice.ids(EOS).orElseThrow());
        return ids.toArray();
    }

    /**
     * For {@code text} voices: the code points, with a letter the voice lacks replaced by its lower
     * case when the voice has that (Piper would skip it, losing the letter).
     */
    static List<String> textPhonemes(String text, PiperVoiceConfig voice) {
        List<String> cps = codepoints(text);
        for (int i = 0; i < cps.size(); i++) {
            String p = cps.get(i);
            if (!voice.knowsPhoneme(p)) {
                String lower = p.toLowerCase(Locale.ROOT);
                if (voice.knowsPhoneme(lower)) {
                    cps.set(i, lower);
                }
            }
        }
        return cps;
    }

    private static final class LongList {
        private long[] data;
        private int size;

        LongList(int capacity) {
            data = new long[Math.max(8, capacity)];
        }

        void add(long[] values) {
            if (size + values.length > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + values.length));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
