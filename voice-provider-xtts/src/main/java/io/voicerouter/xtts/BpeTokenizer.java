package io.voicerouter.xtts;

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

    static BpeTokenizer load(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode model = root.path("model");
        if (!"BPE".equals(model.path("type").asText("BPE"))) {
            throw new IOException(file + ": model type " + model.path("type").asText() + " is not BPE");
        }
        if (!model.path("continuing_subword_prefix").isMissingNode() && !model.path("continuing_subword_prefix").isNull()
                || !model.path("end_of_word_suffix").isMissingNode() && !model.path("end_of_word_suffix").isNull()) {
            throw new IOException(file + ": subword prefixes/suffixes are not supported");
        }
        JsonNode pre = root.path("pre_tokenizer");
        boolean whitespace;
        if (pre.isMissingNode() || pre.isNull()) {
            whitespace = false;
        } else if ("Whitespace".equals(pre.path("type").asText())) {
            whitespace = true;
        } else {
            throw new IOException(file + ": pre-tokenizer " + pre.path("type").asText() + " is not supported");
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        Map<String, Integer> ranks = new HashMap<>();
        int rank = 0;
        for (JsonNode m : model.path("merges")) {
            String pair = m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText();
            ranks.putIfAbsent(pair, rank++);
        }
        List<String> added = new ArrayList<>();
        for (JsonNode a : root.path("added_tokens")) {
            String content = a.path("content").asText();
            added.add(content);
            vocab.putIfAbsent(content, a.path("id").asInt());
        }
        added.sort(Comparator.comparingInt(String::length).reversed());
        String unkToken = model.path("unk_token").asText("[UNK]");
        Integer unk = vocab.get(unkToken);
        if (unk == null) {
            throw new IOException(file + ": unknown-token " + unkToken + " is not in the vocabulary");
        }
        return new BpeTokenizer(Map.copyOf(vocab), Map.copyOf(ranks), List.copyOf(added), unk, whitespace);
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
