package io.voicerouter.provider.xtts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The BPE model of a Hugging Face {@code tokenizers} JSON file (XTTS's vocab.json), implemented as the
 * library does: added tokens ([SPACE], [en], ...) are split out first (leftmost, longest); the rest is
 * pre-tokenized by the Whitespace rule ({@code \w+|[^\w\s]+}, Unicode classes); each word starts as
 * characters and the adjacent pair with the lowest merge rank is merged, leftmost first, until none
 * applies; pieces not in the vocabulary become [UNK] one by one. Immutable and thread-safe.
 */
final class BpeTokenizer {
    private static final Pattern WHITESPACE_RULE = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Integer> vocab;
    private final Map<String, Integer> ranks; // "a b" -> rank
    private final List<String> added; // longest first
    private final int unk;
    private final boolean splitWhitespace;

    private BpeTokenizer(Map<String, Integer> vocab, Map<String, Integer> ranks, List<String> added, int unk,
                         boolean splitWhitespace) {
        this.vocab = vocab;
        this.ranks = ranks;
        this.added = added;
        this.unk = unk;
        this.splitWhitespace = splitWhitespace;
    }

    /**
     * Reads a tokenizer.json as XTTS ships it (vocab.json): BPE model, no normalizer, Whitespace or no
     * pre-tokenizer, added tokens without strip/single-word rules, no post-processor, truncation or
     * padding. Anything else would give other ids than the tokenizers library, so it is refused.
     * The decoder is not read: it plays no part in encoding.
     *
     * @throws IOException when the file cannot be read or is not JSON
     * @throws UnsupportedVocabularyException for a component or option not implemented here
     * @throws VocabularyException when the vocabulary is malformed (a merge naming an absent token, no unknown token)
     */
    static BpeTokenizer load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String name = file.getFileName().toString();
        for (String member : List.of("normalizer", "post_processor", "truncation", "padding")) {
            if (present(root.path(member))) {
                throw unsupported(name, member, describe(root.path(member)));
            }
        }
        JsonNode pre = root.path("pre_tokenizer");
        boolean whitespace = present(pre);
        if (whitespace && !"Whitespace".equals(pre.path("type").asText())) {
            throw unsupported(name, "pre_tokenizer", describe(pre) + " (only Whitespace is implemented)");
        }
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText("BPE"))) {
            throw unsupported(name, "model", "model type " + model.path("type").asText() + " (only BPE is implemented)");
        }
        for (String option : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (present(model.path(option))) {
                throw unsupported(name, "model." + option, option + " " + model.path(option));
            }
        }
        if (present(model.path("dropout")) && model.path("dropout").asDouble() != 0.0) {
            throw unsupported(name, "model.dropout", "BPE dropout " + model.path("dropout"));
        }
        for (String flag : List.of("fuse_unk", "byte_fallback", "ignore_merges")) {
            if (model.path(flag).asBoolean(false)) {
                throw unsupported(name, "model." + flag, flag + " true");
            }
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        Map<String, Integer> ranks = new HashMap<>();
        int rank = 0;
        for (JsonNode m : model.path("merges")) {
            String[] pair = m.isArray() ? new String[] {m.path(0).asText(), m.path(1).asText()} : m.asText().split(" ", -1);
            if (pair.length != 2 || !vocab.containsKey(pair[0]) || !vocab.containsKey(pair[1])
                    || !vocab.containsKey(pair[0] + pair[1])) {
                throw new VocabularyException(name + ": merge " + m + " (rank " + rank + ") names a token that is not "
                        + "in the vocabulary; the tokenizers library refuses such a file too");
            }
            ranks.putIfAbsent(pair[0] + " " + pair[1], rank++);
        }
        List<String> added = new ArrayList<>();
        for (JsonNode a : root.path("added_tokens")) {
            String content = a.path("content").asText();
            for (String flag : List.of("single_word", "lstrip", "rstrip")) {
                if (a.path(flag).asBoolean(false)) {
                    throw unsupported(name, "added_tokens", "added token " + content + " has " + flag + " true");
                }
            }
            added.add(content);
            vocab.putIfAbsent(content, a.path("id").asInt());
        }
        added.sort(Comparator.comparingInt(String::length).reversed());
        String unkToken = model.path("unk_token").asText("[UNK]");
        Integer unk = vocab.get(unkToken);
        if (unk == null) {
            throw new VocabularyException(name + ": unknown-token " + unkToken + " is not in the vocabulary");
        }
        return new BpeTokenizer(Map.copyOf(vocab), Map.copyOf(ranks), List.copyOf(added), unk, whitespace);
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    private static String describe(JsonNode n) {
        return n.has("type") ? n.path("type").asText() : n.toString();
    }

    private static UnsupportedVocabularyException unsupported(String file, String component, String what) {
        return new UnsupportedVocabularyException(component, file + ": " + component + " " + what
                + " is not supported by the XTTS tokenizer (XTTS v2's vocab.json has a BPE model, no normalizer "
                + "and the Whitespace pre-tokenizer)");
    }

    boolean hasToken(String token) {
        return vocab.containsKey(token);
    }

    java.util.Optional<Integer> id(String token) {
        return java.util.Optional.ofNullable(vocab.get(token));
    }

    /** Token ids of already prepared text (see {@link TextPreparer#prepare}). */
    int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            String match = null;
            for (String a : added) {
                if (text.startsWith(a, i)) {
                    match = a;
                    break;
                }
            }
            if (match != null) {
                flush(plain, ids);
                ids.add(vocab.get(match));
                i += match.length();
            } else {
                plain.append(text.charAt(i));
                i++;
            }
        }
        flush(plain, ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void flush(StringBuilder plain, List<Integer> ids) {
        if (plain.length() == 0) {
            return;
        }
        String segment = plain.toString();
        plain.setLength(0);
        if (!splitWhitespace) {
            word(segment, ids);
            return;
        }
        Matcher m = WHITESPACE_RULE.matcher(segment);
        while (m.find()) {
            word(m.group(), ids);
        }
    }

    private void word(String word, List<Integer> ids) {
        List<String> parts = new ArrayList<>();
        word.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
        while (parts.size() > 1) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int j = 0; j < parts.size() - 1; j++) {
                Integer r = ranks.get(parts.get(j) + " " + parts.get(j + 1));
                if (r != null && r < best) {
                    best = r;
                    at = j;
                }
            }
            if (at < 0) {
                break;
            }
            parts.set(at, parts.get(at) + parts.remove(at + 1));
        }
        for (String p : parts) {
            ids.add(vocab.getOrDefault(p, unk));
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BpeTokenizer[%d tokens, %d merges]", vocab.size(), ranks.size());
    }
}
